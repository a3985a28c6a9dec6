import { useMemo, useState } from "react";
import { ApiError, useLiveDesk, useLiveEvents } from "../live";
import { EntityList } from "../live/entityList";
import { useLiveList } from "../live/hooks";
import { useAction } from "../shared/useAction";
import { campaignsApi } from "./api";
import { CampaignEditor } from "./CampaignEditor";
import { campaignStatusLabels, type CampaignDto, type CampaignProgress } from "./types";

/** Campaigns (#/campaigns, managers and admins): compose or edit a draft with a live audience count, start it now or
 * schedule it, pause, resume or cancel it, and watch its progress bar move live while it sends. */
export function CampaignsPage() {
  const client = useLiveDesk();
  const api = useMemo(() => campaignsApi(client.api), [client]);
  const list = useMemo(() => new EntityList<CampaignDto>("campaign", () => api.all(),
    id => api.get(id).catch(error => { if (error instanceof ApiError && error.isNotFound) return null; throw error; }),
    undefined, { scheduledAt: null }), [api]);
  const { items, loaded, error } = useLiveList(list);
  // campaign.progress keeps the campaign's version (see docs), so it is applied here rather than by the list.
  const [progress, setProgress] = useState<Record<number, CampaignProgress>>({});
  useLiveEvents(event => event.type === "campaign.progress",
    event => setProgress(current => ({ ...current, [event.entityId]: event.changes as unknown as CampaignProgress })));
  const action = useAction();
  const [editingId, setEditingId] = useState<number | null>(null);
  const editing = items.find(c => c.id === editingId && c.status === "draft") ?? null;
  const act = (work: () => Promise<CampaignDto>) => action.run(async () => list.accept(await work()), failure => {
    if (failure instanceof ApiError && (failure.isStale || failure.isConflict)) void list.load();
  });

  return (
    <main className="campaigns-page">
      <h2>Campaigns</h2>
      <CampaignEditor key={editing ? `edit-${editing.id}-${editing.version}` : "new"} editing={editing} busy={action.busy}
        onClose={() => setEditingId(null)}
        onSave={draft => act(async () => {
          const saved = editing ? await api.update(editing, draft) : await api.create(draft);
          setEditingId(null);
          return saved;
        })} />
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {error && <p className="error" role="alert">Could not load campaigns: {error}</p>}
      {!loaded && !error && <p className="muted" role="status">Loading campaigns…</p>}
      {loaded && items.length === 0 && <p className="muted empty">No campaigns yet.</p>}
      <ul className="campaign-list">
        {items.map(campaign => {
          // The list's copy may be newer than the last progress event (completion carries the final counts).
          const latest = progress[campaign.id];
          const shown = latest && done(latest) >= done(campaign.progress) ? latest : campaign.progress;
          return (
            <li key={campaign.id} className="campaign" data-campaign-id={campaign.id}>
              <div className="campaign-head">
                <strong>{campaign.name}</strong>
                <span className={`pill campaign-${campaign.status}`}>{campaignStatusLabels[campaign.status]}</span>
                {campaign.scheduledAt && <span className="muted" data-testid="scheduled-at">starts {new Date(campaign.scheduledAt).toLocaleString()}</span>}
                <span className="muted">{campaign.subject}</span>
              </div>
              <ProgressBar progress={shown} label={campaign.name} />
              <div className="campaign-actions">
                {campaign.status === "draft" && <button type="button" disabled={action.busy} onClick={() => setEditingId(campaign.id)}>Edit</button>}
                {(campaign.status === "draft" || campaign.status === "scheduled") &&
                  <button type="button" disabled={action.busy} onClick={() => act(() => api.start(campaign))}>{campaign.status === "draft" ? "Start" : "Start now"}</button>}
                {campaign.status === "draft" && <ScheduleForm busy={action.busy} onSchedule={at => act(() => api.schedule(campaign, at))} />}
                {campaign.status === "scheduled" && <button type="button" disabled={action.busy} onClick={() => act(() => api.unschedule(campaign))}>Unschedule</button>}
                {campaign.status === "running" && <button type="button" disabled={action.busy} onClick={() => act(() => api.move(campaign, "pause"))}>Pause</button>}
                {campaign.status === "paused" && <button type="button" disabled={action.busy} onClick={() => act(() => api.move(campaign, "resume"))}>Resume</button>}
                {["draft", "scheduled", "running", "paused"].includes(campaign.status) &&
                  <button type="button" className="link" disabled={action.busy} onClick={() => act(() => api.move(campaign, "cancel"))}>Cancel</button>}
              </div>
            </li>
          );
        })}
      </ul>
    </main>
  );
}

const done = (p: CampaignProgress) => p.sent + p.failed + p.bounced;

/** Sent, failed and bounced, as one bar; the numbers beside it are what the recipient table says. */
function ProgressBar({ progress, label }: { progress: CampaignProgress; label: string }) {
  const pct = (n: number) => (progress.total === 0 ? 0 : (100 * n) / progress.total);
  return (
    <div className="campaign-progress">
      <div className="bar" role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={done(progress)}>
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

/** A local date and time; the server gets it as an instant, so the time zone is the browser's. */
function ScheduleForm({ busy, onSchedule }: { busy: boolean; onSchedule: (at: Date) => void }) {
  const [at, setAt] = useState("");
  const when = at ? new Date(at) : null;
  return (
    <form className="schedule-form" onSubmit={event => { event.preventDefault(); if (when) onSchedule(when); }}>
      <input type="datetime-local" step="1" aria-label="Send at" value={at} onChange={e => setAt(e.target.value)} />
      <button type="submit" disabled={busy || !when || when.getTime() <= Date.now()}>Schedule</button>
    </form>
  );
}
