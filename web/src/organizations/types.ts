/** Organizations as GET /api/organizations returns them (docs/api.md, Organizations). */
export interface OrganizationDto {
  id: number;
  name: string;
  domain: string | null;
  teamId: number;
  notes: string;
  contactCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set by an organization.deleted event: it is gone. */
  deletedAt?: string;
}
