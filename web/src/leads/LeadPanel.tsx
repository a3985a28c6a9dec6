import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError, assignable, useLiveDesk } from "../live";
import { useDirectory } from "../live/hooks";
import { useAction } from "../shared/useAction";
import type { leadsApi } from "./api";
import { stageLabels, type LeadChanges, type LeadDto } from "./types";

type LeadsApi = ReturnType<typeof leadsApi>;

/** The open lead (#/leads/42) beside the board: edit its details, give it to someone else, convert it. It shows the
 * board's copy, so another person's change appears here live; a save made on an older copy gets the server's 412 and
 * the form then shows the current lead instead of overwriting it. */
export function LeadPanel({ lead, api, onSaved, onStale }: {
  lead: LeadDto; api: LeadsApi; onSaved: (lead: LeadDto) => void; onStale: (id: number) => void;
}) {
  const client = useLiveDesk();
  const { users } = useDirectory();
  const action = useAction();
  const save = (work: () => Promise<LeadDto>) => action.run(async () => onSaved(await work()), failure => {
    if (failure instanceof ApiError && (failure.isStale || failure.isConflict)) onStale(lead.id);
  });
  const staff = assignable(users);

  return (
    <article className="lead-panel" data-testid="lead-panel" data-lead-id={lead.id}>
      <header>
        <h2>{lead.title}</h2>
        <Link to="/leads" className="close-detail" aria-label="Close lead">×</Link>
      </header>
      <p className="muted">{stageLabels[lead.stage]} · version {lead.version}{lead.lostReason && ` · lost: ${lead.lostReason}`}</p>
      {action.error && <p className="error" role="alert">{action.error}</p>}
      <LeadForm key={`${lead.id}-${lead.version}`} lead={lead} busy={action.busy} onSave={changes => save(() => api.update(lead, changes))} />
      <label className="owner-picker">Owner{" "}
        <select aria-label="Owner" value={lead.ownerId} disabled={action.busy}
          onChange={e => save(() => api.assign(lead, Number(e.target.value)))}>
          {!staff.some(u => u.id === lead.ownerId) && <option value={lead.ownerId}>{client.userName(lead.ownerId)}</option>}
          {staff.map(u => <option key={u.id} value={u.id}>{u.displayName}</option>)}
        </select>
      </label>
      <h3>Contact and organization</h3>
      {lead.contactId || lead.organizationId ? (
        <p>
          {lead.contactId && <Link to={`/contacts/${lead.contactId}`}>Open contact</Link>}
          {lead.contactId && lead.organizationId && " · "}
          {lead.organizationId && <Link to={`/organizations/${lead.organizationId}`}>Open organization</Link>}
          {lead.convertedAt && <span className="muted"> · converted</span>}
        </p>
      ) : <p className="muted">None yet.</p>}
      {!lead.convertedAt && <ConvertForm busy={action.busy} onConvert={body => save(() => api.convert(lead, body))} />}
    </article>
  );
}

function LeadForm({ lead, busy, onSave }: { lead: LeadDto; busy: boolean; onSave: (changes: LeadChanges) => void }) {
  const [title, setTitle] = useState(lead.title);
  const [value, setValue] = useState(lead.value === null ? "" : String(lead.value));
  const [currency, setCurrency] = useState(lead.currency);
  const [close, setClose] = useState(lead.expectedCloseDate ?? "");
  const [source, setSource] = useState(lead.source);
  // Only what changed is sent, so a save never rewrites a field someone else just changed.
  const changes: LeadChanges = {};
  if (title.trim() !== lead.title) changes.title = title.trim();
  if (value !== "" && Number(value) !== lead.value) changes.value = Number(value);
  if (currency.trim().toUpperCase() !== lead.currency) changes.currency = currency.trim().toUpperCase();
  if (close !== "" && close !== lead.expectedCloseDate) changes.expectedCloseDate = close;
  if (source.trim() !== lead.source) changes.source = source.trim();
  const dirty = Object.keys(changes).length > 0;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (dirty) onSave(changes);
  }
  return (
    <form className="lead-form" onSubmit={submit} aria-label="Lead details">
      <label>Title <input value={title} maxLength={200} onChange={e => setTitle(e.target.value)} /></label>
      <label>Value <input type="number" min="0" step="0.01" value={value} onChange={e => setValue(e.target.value)} /></label>
      <label>Currency <input value={currency} maxLength={3} size={4} onChange={e => setCurrency(e.target.value)} /></label>
      <label>Expected close <input type="date" value={close} onChange={e => setClose(e.target.value)} /></label>
      <label>Source <input value={source} maxLength={100} onChange={e => setSource(e.target.value)} /></label>
      <button type="submit" disabled={busy || !dirty || !title.trim()}>Save</button>
    </form>
  );
}

function ConvertForm({ busy, onConvert }: { busy: boolean; onConvert: (body: Parameters<LeadsApi["convert"]>[1]) => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [organization, setOrganization] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    onConvert({
      newContact: name.trim() ? { name: name.trim(), emails: email.trim() ? [email.trim()] : undefined } : undefined,
      newOrganization: organization.trim() ? { name: organization.trim() } : undefined,
    });
  }
  return (
    <form className="convert-form" onSubmit={submit} aria-label="Convert lead">
      <input aria-label="New contact name" placeholder="Contact name" value={name} maxLength={200} onChange={e => setName(e.target.value)} />
      <input aria-label="New contact email" placeholder="Email" type="email" value={email} onChange={e => setEmail(e.target.value)} />
      <input aria-label="New organization name" placeholder="Organization" value={organization} maxLength={200} onChange={e => setOrganization(e.target.value)} />
      <button type="submit" disabled={busy || (!name.trim() && !organization.trim())}>Convert</button>
    </form>
  );
}
