import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, useLiveDesk, useLiveEvents } from "../live";
import { EntityList } from "../live/entityList";
import { useLiveList } from "../live/hooks";
import { timeAgo } from "../shared/format";
import { contactsApi } from "./api";
import type { ContactDto, TimelineItem } from "./types";

const matches = (contact: ContactDto, q: string) =>
  contact.deletedAt === undefined
  && (q === "" || contact.name.toLowerCase().includes(q) || contact.emails.some(e => e.includes(q)));

/** Contacts (#/contacts, staff): a searchable, paged list that stays live, and the open contact (#/contacts/42) with a
 * timeline of their tickets, conversations, leads and campaign mail that updates as they happen. */
export function ContactsPage() {
  const client = useLiveDesk();
  const api = useMemo(() => contactsApi(client.api), [client]);
  const params = useParams();
  const navigate = useNavigate();
  const openId = Number(params.contactId) > 0 ? Number(params.contactId) : null;
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim().toLowerCase()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const next = useRef<number | null>(null);
  const [total, setTotal] = useState<string | null>(null);
  const list = useMemo(() => new EntityList<ContactDto>("contact",
    async () => {
      const page = await api.page(q, null);
      next.current = page.nextBefore;
      setTotal(`${page.total.toLocaleString()}${page.totalCapped ? "+" : ""}`);
      return page.items;
    },
    id => api.get(id).catch(error => { if (error instanceof ApiError && error.isNotFound) return null; throw error; }),
    contact => matches(contact, q)), [api, q]);
  const { items, loaded, error } = useLiveList(list);
  const [more, setMore] = useState(false);
  const loadMore = async () => {
    setMore(true);
    try {
      const page = await api.page(q, next.current);
      next.current = page.nextBefore;
      list.append(page.items);
    } finally {
      setMore(false);
    }
  };

  return (
    <>
      <nav className="views" aria-label="Contact search">
        <input type="search" aria-label="Search contacts" placeholder="Name or email" value={typed} onChange={e => setTyped(e.target.value)} />
        {total !== null && <span className="muted">{total} match{total === "1" ? "" : "es"}</span>}
      </nav>
      <main className="list-pane">
        <h2>Contacts</h2>
        {error && <p className="error" role="alert">Could not load contacts: {error}</p>}
        {!loaded && !error && <p className="muted" role="status">Loading contacts…</p>}
        {loaded && items.length === 0 && <p className="muted empty">No contact matches.</p>}
        <ul className="contact-list" data-testid="contact-list">
          {items.map(c => (
            <li key={c.id} data-contact-id={c.id} className={c.id === openId ? "active" : undefined} onClick={() => navigate(`/contacts/${c.id}`)}>
              <strong>{c.name}</strong> <span className="muted">{c.emails[0] ?? "no email"}</span>
              {c.tags.map(t => <span key={t} className="pill">{t}</span>)}
            </li>
          ))}
        </ul>
        {next.current !== null && loaded && <button type="button" disabled={more} onClick={() => void loadMore()}>Load more</button>}
      </main>
      {openId && (
        <section className="detail-pane" aria-label="Contact">
          <ContactDetail key={openId} id={openId} onGone={into => navigate(into ? `/contacts/${into}` : "/contacts", { state: { mergedFrom: openId } })} />
        </section>
      )}
    </>
  );
}

const kindLabels: Record<TimelineItem["kind"], string> = { ticket: "Ticket", conversation: "Conversation", lead: "Lead", campaign_mail: "Campaign mail" };

function ContactDetail({ id, onGone }: { id: number; onGone: (into: number | null) => void }) {
  const client = useLiveDesk();
  const api = useMemo(() => contactsApi(client.api), [client]);
  const [contact, setContact] = useState<ContactDto | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const timelineRef = useRef<TimelineItem[] | null>(null);
  timelineRef.current = timeline;

  const loadTimeline = () => api.timeline(id).then(setTimeline, failure => setError(String(failure.message ?? failure)));
  useEffect(() => client.connection.join(`contact:${id}`), [client, id]);
  useEffect(() => {
    void client.firstLive.then(() => Promise.all([api.get(id).then(setContact), loadTimeline()])).catch(failure => setError(String(failure.message ?? failure)));
    const stopResets = client.onReset(() => void loadTimeline());
    return () => { stopResets(); clearTimeout(reloadTimer.current); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, client, id]);

  // The contact itself: patched in place; merged or deleted, the screen goes where the event says.
  useLiveEvents(event => event.entity === "contact" && event.entityId === id, event => {
    if (event.type === "contact.merged") onGone(Number(event.changes.into));
    else if (event.type === "contact.deleted") onGone(null);
    else if (contact && event.version === contact.version + 1) setContact({ ...contact, ...event.changes, version: event.version } as ContactDto);
    else if (contact && event.version > contact.version) void api.get(id).then(setContact); // a change was missed: fetch it whole
  });
  // Its timeline: anything that names this contact, or is already on it, brings the timeline up to date.
  useLiveEvents(event => {
    if (event.changes.contactId === id) return true;
    const kind = event.entity === "message" ? "conversation" : event.entity;
    const entityId = event.entity === "message" ? Number(event.changes.conversationId) : event.entityId;
    return timelineRef.current?.some(item => item.kind === kind && item.id === entityId) ?? false;
  }, () => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void loadTimeline(), 150);
  });

  if (error) return <p className="error" role="alert">Could not load the contact: {error}</p>;
  if (!contact) return <p className="muted" role="status">Loading contact…</p>;
  return (
    <article className="contact-detail" data-testid="contact-detail" data-contact-id={id}>
      <header>
        <h2>{contact.name}</h2>
        <Link to="/contacts" className="close-detail" aria-label="Close contact">×</Link>
      </header>
      <dl className="facts">
        <dt>Email</dt><dd>{contact.emails.join(", ") || "—"}</dd>
        <dt>Phone</dt><dd>{contact.phones.join(", ") || "—"}</dd>
        <dt>Owner</dt><dd>{client.userName(contact.ownerId)}</dd>
        <dt>Tags</dt><dd>{contact.tags.join(", ") || "—"}</dd>
      </dl>
      {contact.notes && <p className="description">{contact.notes}</p>}
      <h3>Timeline</h3>
      {timeline === null && <p className="muted" role="status">Loading timeline…</p>}
      {timeline?.length === 0 && <p className="muted empty">Nothing yet.</p>}
      <ol className="timeline" data-testid="timeline">
        {timeline?.map(item => (
          <li key={`${item.kind}-${item.id}`} data-kind={item.kind} data-id={item.id}>
            <span className="pill">{kindLabels[item.kind]}</span> <strong>{item.title}</strong>
            <span className="muted"> · {item.status.replace("_", " ")} · {timeAgo(item.at)}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}
