import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useLiveDesk } from "../live";
import { useDirectory } from "../live/hooks";
import { organizationsApi } from "../organizations/api";
import type { OrganizationDto } from "../organizations/types";
import { campaignsApi } from "./api";
import type { AudiencePreview, CampaignAudience, CampaignDraft, CampaignDto } from "./types";

/** Composes a new campaign, or edits a draft (`editing`): name, subject, body, and the audience as tags, an
 * organization and an owner, with a live count of who it would reach while the filter is being changed. */
export function CampaignEditor({ editing, busy, onSave, onClose }: {
  editing: CampaignDto | null; busy: boolean; onSave: (draft: CampaignDraft) => void; onClose: () => void;
}) {
  const client = useLiveDesk();
  const api = useMemo(() => campaignsApi(client.api), [client]);
  const { users } = useDirectory();
  const [name, setName] = useState(editing?.name ?? "");
  const [subject, setSubject] = useState(editing?.subject ?? "");
  const [body, setBody] = useState(editing?.bodyTemplate ?? "Hello {{name}},\n\n");
  const [tags, setTags] = useState(editing?.audience.tags?.join(", ") ?? "");
  const [organizationId, setOrganizationId] = useState<number | null>(editing?.audience.organizationId ?? null);
  const [ownerId, setOwnerId] = useState<number | null>(editing?.audience.ownerId ?? null);
  const organizations = useOrganizations();
  const audience: CampaignAudience = useMemo(() => ({
    tags: tags.split(",").map(t => t.trim().toLowerCase()).filter(Boolean), organizationId, ownerId,
  }), [tags, organizationId, ownerId]);
  const preview = useAudiencePreview(audience, api.previewAudience);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSave({ name: name.trim(), subject: subject.trim(), bodyTemplate: body, audience });
  }
  return (
    <form className="campaign-form" onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : "New campaign"}>
      <input aria-label="Campaign name" placeholder="Name" value={name} maxLength={200} onChange={e => setName(e.target.value)} />
      <input aria-label="Email subject" placeholder="Subject" value={subject} maxLength={200} onChange={e => setSubject(e.target.value)} />
      <fieldset className="audience">
        <legend>Audience</legend>
        <input aria-label="Audience tags" placeholder="Contacts tagged (comma separated; empty: any tag)" value={tags} onChange={e => setTags(e.target.value)} />
        <select aria-label="Audience organization" value={organizationId ?? ""} onChange={e => setOrganizationId(e.target.value ? Number(e.target.value) : null)}>
          <option value="">Any organization</option>
          {organizations.map(o => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
        <select aria-label="Audience owner" value={ownerId ?? ""} onChange={e => setOwnerId(e.target.value ? Number(e.target.value) : null)}>
          <option value="">Any owner</option>
          {users.filter(u => u.role !== "customer").map(u => <option key={u.id} value={u.id}>{u.displayName}</option>)}
        </select>
        <span className={preview.count === 0 ? "error" : "muted"} data-testid="audience-preview" role="status">
          {preview.error ?? (preview.count === null ? "Counting…" : preview.count === 0
            ? "Reaches nobody: no contact with an email address matches."
            : `Reaches ${preview.count.toLocaleString()} contact${preview.count === 1 ? "" : "s"}${preview.names ? `: ${preview.names}` : ""}`)}
        </span>
      </fieldset>
      <textarea aria-label="Email body" value={body} onChange={e => setBody(e.target.value)} />
      <p className="muted hint">{"{{name}}"} and {"{{email}}"} are filled in for each recipient.</p>
      <div className="campaign-form-actions">
        <button type="submit" disabled={busy || !name.trim() || !subject.trim() || !body.trim()}>{editing ? "Save draft" : "Create draft"}</button>
        {editing && <button type="button" className="link" onClick={onClose}>Close</button>}
      </div>
    </form>
  );
}

/** The organizations to pick from: the first 200 the user may see, newest first. */
function useOrganizations() {
  const client = useLiveDesk();
  const [organizations, setOrganizations] = useState<OrganizationDto[]>([]);
  useEffect(() => {
    void organizationsApi(client.api).page("", null).then(page => setOrganizations(page.items), () => setOrganizations([]));
  }, [client]);
  return organizations;
}

/** The audience's count, asked 400 ms after the filter last changed; an answer to an older filter is dropped. */
function useAudiencePreview(audience: CampaignAudience, ask: (audience: CampaignAudience) => Promise<AudiencePreview>) {
  const [state, setState] = useState<{ count: number | null; names: string; error: string | null }>({ count: null, names: "", error: null });
  useEffect(() => {
    let current = true;
    setState(s => ({ ...s, count: null, error: null }));
    const timer = setTimeout(() => {
      ask(audience).then(
        preview => current && setState({ count: preview.count, names: preview.first.slice(0, 3).map(m => m.name).join(", ") + (preview.count > 3 ? ", …" : ""), error: null }),
        failure => current && setState({ count: null, names: "", error: `Could not count the audience: ${failure instanceof Error ? failure.message : failure}` }));
    }, 400);
    return () => { current = false; clearTimeout(timer); };
  }, [audience, ask]);
  return state;
}
