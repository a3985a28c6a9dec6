import { useState, type FormEvent } from "react";
import { openQueues, useDirectory, useLiveDesk } from "../live";
import { useAction } from "../shared/useAction";

/** The portal's "new request" form. The new ticket reaches the list through its own live event. */
export function NewTicketForm({ onCreated }: { onCreated: (id: number) => void }) {
  const client = useLiveDesk();
  const queues = openQueues(useDirectory().queues); // an archived queue takes no new tickets
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [queueId, setQueueId] = useState("");
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const created = await client.api.createTicket({ title, description, queueId: queueId ? Number(queueId) : undefined });
      client.store.acceptWritten(created);
      setTitle(""); setDescription(""); setOpen(false);
      onCreated(created.id);
    });
  }

  if (!open) return <button type="button" className="primary new-ticket" onClick={() => setOpen(true)}>New request</button>;
  return (
    <form className="new-ticket-form" onSubmit={submit} aria-label="New request">
      <label>Subject<input required maxLength={200} value={title} onChange={e => setTitle(e.target.value)} autoFocus /></label>
      <label>What happened?<textarea rows={4} value={description} onChange={e => setDescription(e.target.value)} /></label>
      {queues.length > 1 && (
        <label>Topic
          <select value={queueId} onChange={e => setQueueId(e.target.value)}>
            <option value="">Let us decide</option>
            {queues.map(q => <option key={q.id} value={q.id}>{q.name}</option>)}
          </select>
        </label>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="form-actions">
        <button type="button" className="link" onClick={() => setOpen(false)}>Cancel</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? "Sending…" : "Send request"}</button>
      </div>
    </form>
  );
}
