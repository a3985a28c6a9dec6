import { useMemo, useState, type FormEvent } from "react";
import { ApiError, ticketPriorities, useDirectory, useLiveDesk } from "../live";
import { FieldError } from "../shared/FieldError";
import { useAction } from "../shared/useAction";
import { notificationsApi } from "./api";
import type { AnnouncementAudience, NotificationPriority } from "./types";

const audiences: { value: AnnouncementAudience; label: string }[] = [
  { value: "all", label: "Everyone" },
  { value: "role:agent", label: "All agents" },
  { value: "role:manager", label: "All managers" },
  { value: "role:customer", label: "All customers" },
];

/** Announcements (#/announcements, admins): a message to everyone, a role or a team, which reaches each of them as an
 * `announcement` notification at the chosen priority. The server checks the rest; its messages show beside the fields. */
export function AnnouncementsPage() {
  const client = useLiveDesk();
  const api = useMemo(() => notificationsApi(client.api), [client]);
  const { teams } = useDirectory();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [priority, setPriority] = useState<NotificationPriority>("normal");
  const [audience, setAudience] = useState<AnnouncementAudience>("all");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [sent, setSent] = useState<string | null>(null);
  const send = useAction();

  if (client.me.role !== "admin") return <main className="announcements-page"><p className="error">Only admins send announcements.</p></main>;
  const expiresAt = expires ? new Date(expires) : null;
  const expiredAlready = expiresAt !== null && expiresAt.getTime() <= Date.now();

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setSent(null);
    void send.run(async () => {
      await api.announce({ title: title.trim(), body: body.trim(), priority, audience, expiresAt: expiresAt?.toISOString() ?? null })
        .catch(failure => {
          // A server from before announcements: the endpoint comes with the server's side of the feature.
          if (failure instanceof ApiError && (failure.isNotFound || failure.status === 405)) throw new Error("This server does not offer announcements yet.");
          throw failure;
        });
      setSent(`Sent to ${audienceLabel(audience, teams)}.`);
      setTitle("");
      setBody("");
    }, failure => { if (failure instanceof ApiError) setErrors(failure.fieldErrors); });
  }

  return (
    <main className="announcements-page">
      <h2>Announcements</h2>
      <form className="announcement-form" onSubmit={submit} aria-label="New announcement">
        <label>Title <input value={title} maxLength={300} onChange={e => setTitle(e.target.value)} /></label>
        <FieldError errors={errors} field="title" />
        <label>Message <textarea value={body} maxLength={2000} onChange={e => setBody(e.target.value)} /></label>
        <FieldError errors={errors} field="body" />
        <label>Priority <select value={priority} onChange={e => setPriority(e.target.value as NotificationPriority)}>
          {ticketPriorities.map(p => <option key={p} value={p}>{p}</option>)}
        </select></label>
        <FieldError errors={errors} field="priority" />
        <label>Audience <select value={audience} onChange={e => setAudience(e.target.value as AnnouncementAudience)}>
          {audiences.map(a => <option key={a.value} value={a.value}>{a.label}</option>)}
          {teams.map(t => <option key={t.id} value={`team:${t.id}`}>Team {t.name}</option>)}
        </select></label>
        <FieldError errors={errors} field="audience" />
        <label>Expires (optional) <input type="datetime-local" value={expires} onChange={e => setExpires(e.target.value)} /></label>
        {expiredAlready && <span className="error field-error">The expiry must be in the future.</span>}
        <FieldError errors={errors} field="expiresAt" />
        <p className="muted hint">Urgent and high ones also raise a desktop notification for whoever allowed them.</p>
        <div className="form-actions">
          {sent && <span className="notice" role="status">{sent}</span>}
          {send.error && Object.keys(errors).length === 0 && <span className="error" role="alert">{send.error}</span>}
          <button type="submit" className="primary" disabled={send.busy || !title.trim() || !body.trim() || expiredAlready}>Send announcement</button>
        </div>
      </form>
    </main>
  );
}

function audienceLabel(audience: AnnouncementAudience, teams: { id: number; name: string }[]) {
  const fixed = audiences.find(a => a.value === audience);
  if (fixed) return fixed.label.toLowerCase();
  return `team ${teams.find(t => `team:${t.id}` === audience)?.name ?? audience}`;
}
