import { useState, type DragEvent, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, useLiveDesk } from "../live";
import { useAction } from "../shared/useAction";
import { LeadPanel } from "./LeadPanel";
import { leadStages, stageLabels, type LeadDto, type LeadStage } from "./types";
import { useLeadBoard } from "./useLeadBoard";

const dragType = "application/x-livedesk-lead";

/** The sales pipeline (#/leads): a column per stage. Dragging a card moves the lead; everyone who sees it watches the
 * card move live. A drag made on a stale card gets the server's 412, the screen shows the current card, and nothing
 * is overwritten. */
export function PipelinePage() {
  const client = useLiveDesk();
  const { leads, loaded, error, board, api } = useLeadBoard();
  const action = useAction();
  const [losing, setLosing] = useState<LeadDto | null>(null);
  const navigate = useNavigate();
  const openId = Number(useParams().leadId) || null;
  const open = leads.find(l => l.id === openId);

  function move(lead: LeadDto, stage: LeadStage, lostReason?: string) {
    if (lead.stage === stage) return;
    action.run(async () => board.accept(await api.move(lead, stage, lostReason)), failure => {
      if (failure instanceof ApiError && (failure.isStale || failure.isConflict)) void board.refresh(lead.id);
    });
  }

  function drop(stage: LeadStage, event: DragEvent) {
    event.preventDefault();
    const lead = leads.find(l => l.id === Number(event.dataTransfer.getData(dragType)));
    if (!lead) return;
    if (stage === "lost" && lead.stage !== "lost") setLosing(lead);
    else move(lead, stage);
  }

  return (
    <main className="pipeline-page">
      <header className="pipeline-head">
        <h2>Pipeline</h2>
        <NewLeadForm onCreate={body => action.run(async () => board.accept(await api.create(body)))} busy={action.busy} />
      </header>
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {error && <p className="error" role="alert">Could not load the leads: {error}</p>}
      {!loaded && !error && <p className="muted" role="status">Loading leads…</p>}
      {losing && (
        <LostReasonForm lead={losing} onCancel={() => setLosing(null)}
          onConfirm={reason => { setLosing(null); move(losing, "lost", reason); }} />
      )}
      <div className="pipeline" data-testid="pipeline">
        {leadStages.map(stage => {
          const cards = leads.filter(l => l.stage === stage);
          return (
            <section key={stage} className={`stage stage-${stage}`} aria-label={stageLabels[stage]} data-stage={stage}
              onDragOver={event => { if (event.dataTransfer.types.includes(dragType)) event.preventDefault(); }}
              onDrop={event => drop(stage, event)}>
              <h3>{stageLabels[stage]} <span className="count">{cards.length}</span>
                <span className="muted sum">{total(cards)}</span></h3>
              <ul>
                {cards.map(lead => (
                  <li key={lead.id} className={`lead-card${lead.id === openId ? " active" : ""}`} draggable data-lead-id={lead.id} data-version={lead.version}
                    onClick={() => navigate(`/leads/${lead.id}`)}
                    onDragStart={event => {
                      event.dataTransfer.setData(dragType, String(lead.id));
                      event.dataTransfer.effectAllowed = "move";
                    }}>
                    <strong>{lead.title}</strong>
                    <span className="muted">{money(lead)}{lead.source && ` · ${lead.source}`}</span>
                    <span className="muted">{client.userName(lead.ownerId)}{lead.convertedAt && " · converted"}</span>
                    {lead.lostReason && <span className="muted lost-reason">{lead.lostReason}</span>}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {open && (
        <section className="detail-pane lead-detail" aria-label="Lead">
          <LeadPanel lead={open} api={api} onSaved={saved => board.accept(saved)} onStale={id => void board.refresh(id)} />
        </section>
      )}
      {openId && loaded && !open && <p className="muted" role="status">That lead is not on your board (it may belong to someone else now).</p>}
    </main>
  );
}

function NewLeadForm({ onCreate, busy }: { onCreate: (body: { title: string; value?: number; currency?: string }) => void; busy: boolean }) {
  const [title, setTitle] = useState("");
  const [value, setValue] = useState("");
  const [currency, setCurrency] = useState("EUR");
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    onCreate({ title: title.trim(), value: value === "" ? undefined : Number(value), currency: currency.trim().toUpperCase() });
    setTitle("");
    setValue("");
  }
  return (
    <form className="new-lead" onSubmit={submit} aria-label="New lead">
      <input aria-label="Lead title" placeholder="New lead…" value={title} maxLength={200} onChange={e => setTitle(e.target.value)} />
      <input aria-label="Value" type="number" min="0" step="0.01" placeholder="Value" value={value} onChange={e => setValue(e.target.value)} />
      <input aria-label="Currency" value={currency} maxLength={3} size={4} onChange={e => setCurrency(e.target.value)} />
      <button type="submit" disabled={busy || !title.trim()}>Add</button>
    </form>
  );
}

function LostReasonForm({ lead, onConfirm, onCancel }: { lead: LeadDto; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  return (
    <form className="lost-reason-form" role="dialog" aria-label="Why was it lost?"
      onSubmit={event => { event.preventDefault(); if (reason.trim()) onConfirm(reason.trim()); }}>
      <label>Why was “{lead.title}” lost? <input autoFocus value={reason} maxLength={500} onChange={e => setReason(e.target.value)} /></label>
      <button type="submit" disabled={!reason.trim()}>Mark lost</button>
      <button type="button" className="link" onClick={onCancel}>Cancel</button>
    </form>
  );
}

function money(lead: LeadDto) {
  if (lead.value === null) return "No value yet";
  return new Intl.NumberFormat(undefined, { style: "currency", currency: lead.currency }).format(lead.value);
}

/** The column's total per currency, so mixed currencies are never added together. */
function total(cards: LeadDto[]) {
  const sums = new Map<string, number>();
  for (const lead of cards) if (lead.value !== null) sums.set(lead.currency, (sums.get(lead.currency) ?? 0) + lead.value);
  return [...sums].map(([currency, sum]) =>
    new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 }).format(sum)).join(" + ");
}
