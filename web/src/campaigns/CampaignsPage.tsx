import { useMemo, useState, type FormEvent } from "react";
import { ApiError, useLiveDesk, useLiveEvents } from "../live";
import { EntityList } from "../live/entityList";
import { useLiveList } from "../live/hooks";
import { useAction } from "../shared/useAction";
import { campaignsApi } from "./api";
import { campaignStatusLabels, type CampaignDto, type CampaignProgress } from "./types";

/** Campaigns (#/campaigns, managers and admins): compose a draft, see how many it would reach, start, pause, resume
 * or cancel it, and watch its progress bar move live while it sends. */
export function CampaignsPage() {
  const client = useLiveDesk();
  const api = useMemo(() => campaignsApi(client.api), [client]);
  const list = useMemo(() => new EntityList<CampaignDto>("campaign", () => api.all(),
    id => api.get(id).catch(error => { if (error instanceof ApiError && error.isNotFound) return null; throw error; })), [api]);
  const { items, loaded, error } = useLiveList(list);
  // campaign.progress keeps the campaign's version (see docs), so it is applied here rather than by the list.
  const [progress, setProgress] = useState<Record<number, CampaignProgress>>({});
  useLiveEvents(event => event.type === "campaign.progress",
    event => setProgress(current => ({ ...current, [event.entityId]: event.changes as unknown as CampaignProgress })));
  const action = useAction();
  const act = (work: () => Promise<CampaignDto>) => action.run(async () => list.accept(await work()));

  return (
    <main className="campaigns-page">
      <h2>Campaigns</h2>
      <CampaignForm onCreate={body => act(() => api.create(body))} busy={action.busy} />
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {error && <p className="error" role="alert">Could not load campaigns: {error}</p>}
      {!loaded && !error && <p className="muted" role="status">Loading campaigns…</p>}
      {loaded && items.length === 0 && <p className="muted empty">No campaigns yet.</p>}
      <ul className="campaign-list">
        {items.map(campaign => {
          const shown = progress[campaign.id] ?? campaign.progress;
          return (
            <li key={campaign.id} className="campaign" data-campaign-id={campaign.id}>
              <div className="campaign-head">
                <strong>{campaign.name}</strong>
                <span className={`pill campaign-${campaign.status}`}>{campaignStatusLabels[campaign.status]}</span>
                <span className="muted">{campaign.subject}</span>
                <Audience id={campaign.id} />
              </div>
              <ProgressBar progress={shown} label={campaign.name} />
              <div className="campaign-actions">
                {campaign.status === "draft" && <button type="button" disabled={action.busy} onClick={() => act(() => api.start(campaign))}>Start</button>}
                {campaign.status === "running" && <button type="button" disabled={action.busy} onClick={() => act(() => api.move(campaign, "pause"))}>Pause</button>}
                {campaign.status === "paused" && <button type="button" disabled={action.busy} onClick={() => act(() => api.move(campaign, "resume"))}>Resume</button>}
                {["draft", "running", "paused"].includes(campaign.status) &&
                  <button type="button" className="link" disabled={action.busy} onClick={() => act(() => api.move(campaign, "cancel"))}>Cancel</button>}
              </div>
            </li>
          );
        })}
      </ul>
    </main>
  );
}

/** Sent, failed and bounced, as one bar; the numbers beside it are what the recipient table says. */
function ProgressBar({ progress, label }: { progress: CampaignProgress; label: string }) {
  const done = progress.sent + progress.failed + progress.bounced;
  const pct = (n: number) => (progress.total === 0 ? 0 : (100 * n) / progress.total);
  return (
    <div className="campaign-progress">
      <div className="bar" role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={done}>
        <span className="sent" style={{ width: `${pct(progress.sent)}%` }} />
        <span className="failed" style={{ width: `${pct(progress.failed)}%` }} />
        <span className="bounced" style={{ width: `${pct(progress.bounced)}%` }} />
      </div>
      <span className="muted counts">
        {progress.sent} sent · {progress.failed} failed · {progress.bounced} bounced · {progress.pending} to go
      </span>
    </div>
  );
}

function Audience({ id }: { id: number }) {
  const client = useLiveDesk();
  const [count, setCount] = useState<number | null>(null);
  return count === null
    ? <button type="button" className="link" onClick={() => void campaignsApi(client.api).preview(id).then(p => setCount(p.count))}>Audience?</button>
    : <span className="muted" data-testid="audience-count">{count} contacts</span>;
}

function CampaignForm({ onCreate, busy }: {
  onCreate: (body: { name: string; subject: string; bodyTemplate: string; audience: { tags: string[] } }) => void; busy: boolean;
}) {
  const [name, setName] = useState("");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("Hello {{name}},\n\n");
  const [tags, setTags] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    onCreate({ name: name.trim(), subject: subject.trim(), bodyTemplate: body,
      audience: { tags: tags.split(",").map(t => t.trim()).filter(Boolean) } });
    setName("");
    setSubject("");
  }
  return (
    <form className="campaign-form" onSubmit={submit} aria-label="New campaign">
      <input aria-label="Campaign name" placeholder="Name" value={name} maxLength={200} onChange={e => setName(e.target.value)} />
      <input aria-label="Email subject" placeholder="Subject" value={subject} maxLength={200} onChange={e => setSubject(e.target.value)} />
      <input aria-label="Audience tags" placeholder="Contacts tagged (comma separated; empty: everyone)" value={tags} onChange={e => setTags(e.target.value)} />
      <textarea aria-label="Email body" value={body} onChange={e => setBody(e.target.value)} />
      <button type="submit" disabled={busy || !name.trim() || !subject.trim() || !body.trim()}>Create draft</button>
    </form>
  );
}
