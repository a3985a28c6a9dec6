import { useState, type FormEvent } from "react";
import { useLiveDesk } from "../live";
import { useAction } from "../shared/useAction";

/** Reply (public) or, for staff, an internal note customers never see. @email mentions notify that person. */
export function CommentForm({ ticketId, staff }: { ticketId: number; staff: boolean }) {
  const client = useLiveDesk();
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const { busy, error, setError, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() === "") return setError("Write something first.");
    void run(async () => {
      client.store.acceptComment(await client.api.addComment(ticketId, body, internal));
      setBody(""); // only on success: a failed send keeps the text
    });
  }

  return (
    <form className={`comment-form${internal ? " internal" : ""}`} onSubmit={submit}>
      <label htmlFor="comment-body">{internal ? "Internal note (staff only)" : staff ? "Reply to the customer" : "Your reply"}</label>
      <textarea id="comment-body" value={body} onChange={e => setBody(e.target.value)} rows={3}
        placeholder={staff ? "Mention a colleague with @their-email" : "Write a reply"}
        onKeyDown={e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e); }} />
      {error && <p className="error" role="alert">{error}</p>}
      <div className="form-actions">
        {staff && (
          <label className="checkbox">
            <input type="checkbox" checked={internal} onChange={e => setInternal(e.target.checked)} /> Internal note
          </label>
        )}
        <button type="submit" className="primary" disabled={busy}>{busy ? "Sending…" : internal ? "Add note" : "Send"}</button>
      </div>
    </form>
  );
}
