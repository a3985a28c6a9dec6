/** Contacts as GET /api/contacts returns them (docs/api.md, Contacts). */
export interface ContactDto {
  id: number;
  name: string;
  emails: string[];
  phones: string[];
  teamId: number;
  ownerId: number | null;
  organizationId: number | null;
  tags: string[];
  notes: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set by a contact.deleted or contact.merged event: the contact is gone. */
  deletedAt?: string;
  /** Set by contact.merged: where it went. */
  into?: number;
}

