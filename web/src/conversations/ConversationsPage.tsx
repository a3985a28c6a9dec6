import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError, assignable, isStaff, useDirectory, useLiveDesk, useLiveEvents } from "../live";
import { timeAgo } from "../shared/format";
import { useAction } from "../shared/useAction";
import { conversationsApi } from "./api";
import { useConversations, useMessages, useTyping } from "./hooks";
import { conversationStatuses, statusLabels, type ConversationDto } from "./types";

/** Staff: the inbox (#/inbox) and the archive (#/inbox/archived). Customers: their messages (#/messages). A list of
 * conversations with the one in the URL open beside it; everything updates live. */
export function ConversationsPage() {
  const me = useLiveDesk().me;
  const staff = isStaff(me.role);
  const params = useParams();
  const navigate = useNavigate();
  const archived = useLocation().pathname.startsWith("/inbox/archived");
  const base = staff ? `/inbox${archived ? "/archived" : ""}` : "/messages";
  const openId = Number(params.conversationId) > 0 ? Number(params.conversationId) : null;
  const { items, loaded, error, list } = useConversations(archived);
  const [unread, setUnread] = useState<Set<number>>(new Set());

  // A message from the other side in a conversation that is not open marks it unread until it is opened.
  useLiveEvents(
    event => event.type === "message.created" && event.actorId !== me.id,
    event => {
      const id = Number(event.changes.conversationId);
      if (id !== openId) setUnread(current => new Set(current).add(id));
    });
  const open = (id: number) => {
    setUnread(current => { const next = new Set(current); next.delete(id); return next; });
    navigate(`${base}/${id}`);
  };

  return (
    <>
      <nav className="views" aria-label="Conversation boxes">
        {staff ? (
          <>
            <Link to="/inbox" className={archived ? undefined : "current"} aria-current={archived ? undefined : "page"}>Inbox</Link>
            <Link to="/inbox/archived" className={archived ? "current" : undefined} aria-current={archived ? "page" : undefined}>Archived</Link>
          </>
        ) : (
          <NewConversationForm onStarted={c => { list.accept(c); open(c.id); }} />
        )}
      </nav>
      <main className="list-pane">
        <section className="conversation-list" aria-label={staff ? (archived ? "Archived" : "Inbox") : "Your messages"}>
          <h2>{staff ? (archived ? "Archived" : "Inbox") : "Messages"} <span className="count">{loaded ? items.length : ""}</span></h2>
          {error && <p className="error" role="alert">Could not load conversations: {error}</p>}
          {!loaded && !error && <p className="muted" role="status">Loading conversations…</p>}
          {loaded && items.length === 0 && <p className="muted empty">{archived ? "Nothing archived." : "No conversations here right now."}</p>}
          <ul data-testid="conversation-list">
            {items.map(c => (
              <li key={c.id} data-conversation-id={c.id} className={`conversation-row${c.id === openId ? " active" : ""}`}
                onClick={() => open(c.id)}>
                {unread.has(c.id) && <span className="unread-dot" aria-label="Unread" />}
                <strong>{c.subject || "(no subject)"}</strong>
                <span className={`pill status-${c.status}`}>{statusLabels[c.status]}</span>
                <span className="muted">{staff && <Name id={c.customerId} />} {timeAgo(c.lastMessageAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      </main>
      {openId && (
        <section className="detail-pane" aria-label="Conversation">
          <ConversationView key={openId} conversation={list.peek(openId) ?? null} id={openId} staff={staff}
            onChanged={c => list.accept(c)} onStale={() => void list.refresh(openId)} onClose={() => navigate(base)} />
        </section>
      )}
    </>
  );
}

function Name({ id }: { id: number }) {
  return <>{useLiveDesk().userName(id)} ·</>;
}

function ConversationView({ conversation, id, staff, onChanged, onStale, onClose }: {
  conversation: ConversationDto | null; id: number; staff: boolean;
  onChanged: (c: ConversationDto) => void; onStale: () => void; onClose: () => void;
}) {
  const client = useLiveDesk();
  const { users } = useDirectory();
  const { messages, error, add, api } = useMessages(id);
  const { typers, typed } = useTyping(id);
  const action = useAction();
  const [draft, setDraft] = useState("");
  const change = (write: (c: ConversationDto) => Promise<ConversationDto>) => conversation && action.run(
    async () => onChanged(await write(conversation)),
    failure => { if (failure instanceof ApiError && failure.isStale) onStale(); });

  function send(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    // The text stays in the box until the server has it, so a failure loses nothing.
    void action.run(async () => { add(await api.write(id, body)); setDraft(""); });
  }

  return (
    <article className="conversation" data-testid="conversation" data-conversation-id={id}>
      <header>
        <h2>{conversation?.subject || "Conversation"}</h2>
        <button type="button" className="link close-detail" onClick={onClose} aria-label="Close conversation">×</button>
      </header>
      {staff && conversation && (
        <div className="facts">
          <label>Status <select value={conversation.status} disabled={action.busy}
            onChange={e => change(c => api.setStatus(c, e.target.value as ConversationDto["status"]))}>
            {conversationStatuses.map(s => <option key={s} value={s}>{statusLabels[s]}</option>)}
          </select></label>
          <label>Assignee <select value={conversation.assigneeId ?? ""} disabled={action.busy}
            onChange={e => change(c => api.assign(c, e.target.value === "" ? null : Number(e.target.value)))}>
            <option value="">Unassigned</option>
            {conversation.assigneeId !== null && !assignable(users).some(u => u.id === conversation.assigneeId) && (
              <option value={conversation.assigneeId}>{client.userName(conversation.assigneeId)}</option>
            )}
            {assignable(users).map(u => <option key={u.id} value={u.id}>{u.displayName}</option>)}
          </select></label>
          <button type="button" disabled={action.busy} onClick={() => change(c => api.setArchived(c, !c.archived))}>
            {conversation.archived ? "Unarchive" : "Archive"}
          </button>
        </div>
      )}
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {error && <p className="error" role="alert">Could not load the messages: {error}</p>}
      {messages === null && !error && <p className="muted" role="status">Loading messages…</p>}
      <ol className="messages" aria-label="Messages" data-testid="messages">
        {messages?.map(m => (
          <li key={m.id} className={`message ${m.direction}${m.authorId === client.me.id ? " mine" : ""}`} data-message-id={m.id}>
            <span className="muted">{client.userName(m.authorId)} · {timeAgo(m.createdAt)}</span>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      <p className="typing muted" aria-live="polite">
        {typers.length > 0 && `${typers.map(userId => client.userName(userId)).join(", ")} ${typers.length === 1 ? "is" : "are"} typing…`}
      </p>
      <form className="reply" onSubmit={send}>
        <textarea aria-label="Message" value={draft} maxLength={10_000} placeholder="Write a message…"
          onChange={e => { setDraft(e.target.value); if (e.target.value) typed(); }}
          onKeyDown={e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send(e); }} />
        <button type="submit" disabled={action.busy || !draft.trim()}>Send</button>
      </form>
    </article>
  );
}

function NewConversationForm({ onStarted }: { onStarted: (c: ConversationDto) => void }) {
  const client = useLiveDesk();
  const action = useAction();
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    void action.run(async () => {
      onStarted(await conversationsApi(client.api).start(body.trim(), subject.trim()));
      setSubject("");
      setBody("");
    });
  }
  return (
    <form className="new-conversation" onSubmit={submit} aria-label="New conversation">
      <h3>New conversation</h3>
      <input aria-label="Subject" placeholder="Subject" value={subject} maxLength={200} onChange={e => setSubject(e.target.value)} />
      <textarea aria-label="Your message" placeholder="How can we help?" value={body} maxLength={10_000} onChange={e => setBody(e.target.value)} />
      <button type="submit" disabled={action.busy || !body.trim()}>Start</button>
      {action.error && <p className="error" role="alert">{action.error}</p>}
    </form>
  );
}
