import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useLiveDesk, useLiveEvents } from "../live";
import { TimelineList, useLiveTimeline } from "../crm/Timeline";
import { usePagedSearch } from "../crm/usePagedSearch";
import { contactsApi } from "./api";
import type { ContactDto } from "./types";

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
  const search = usePagedSearch("contact", api, matches);

  return (
    <>
      <nav className="views" aria-label="Contact search">
        <input type="search" aria-label="Search contacts" placeholder="Name or email" value={search.typed} onChange={e => search.setTyped(e.target.value)} />
        {search.total !== null && <span className="muted">{search.total} match{search.total === "1" ? "" : "es"}</span>}
      </nav>
      <main className="list-pane">
        <h2>Contacts</h2>
        {search.error && <p className="error" role="alert">Could not load contacts: {search.error}</p>}
        {!search.loaded && !search.error && <p className="muted" role="status">Loading contacts…</p>}
        {search.loaded && search.items.length === 0 && <p className="muted empty">No contact matches.</p>}
        <ul className="contact-list" data-testid="contact-list">
          {search.items.map(c => (
            <li key={c.id} data-contact-id={c.id} className={c.id === openId ? "active" : undefined} onClick={() => navigate(`/contacts/${c.id}`)}>
              <strong>{c.name}</strong> <span className="muted">{c.emails[0] ?? "no email"}</span>
              {c.tags.map(t => <span key={t} className="pill">{t}</span>)}
            </li>
          ))}
        </ul>
        {search.hasMore && search.loaded && <button type="button" disabled={search.loadingMore} onClick={() => void search.loadMore()}>Load more</button>}
      </main>
      {openId && (
        <section className="detail-pane" aria-label="Contact">
          <ContactDetail key={openId} id={openId} onGone={into => navigate(into ? `/contacts/${into}` : "/contacts", { state: { mergedFrom: openId } })} />
        </section>
      )}
    </>
  );
}

function ContactDetail({ id, onGone }: { id: number; onGone: (into: number | null) => void }) {
  const client = useLiveDesk();
  const api = useMemo(() => contactsApi(client.api), [client]);
  const [contact, setContact] = useState<ContactDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Its timeline: anything that names this contact, or is already on it, brings the timeline up to date.
  const { timeline, error: timelineError } = useLiveTimeline(() => api.timeline(id), event => event.changes.contactId === id, `contact-${id}`);

  useEffect(() => client.connection.join(`contact:${id}`), [client, id]);
  useEffect(() => {
    void client.firstLive.then(() => api.get(id).then(setContact)).catch(failure => setError(String(failure.message ?? failure)));
  }, [api, client, id]);

  // The contact itself: patched in place; merged or deleted, the screen goes where the event says.
  useLiveEvents(event => event.entity === "contact" && event.entityId === id, event => {
    if (event.type === "contact.merged") onGone(Number(event.changes.into));
    else if (event.type === "contact.deleted") onGone(null);
    else if (contact && event.version === contact.version + 1) setContact({ ...contact, ...event.changes, version: event.version } as ContactDto);
    else if (contact && event.version > contact.version) void api.get(id).then(setContact); // a change was missed: fetch it whole
  });

  if (error ?? timelineError) return <p className="error" role="alert">Could not load the contact: {error ?? timelineError}</p>;
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
        <dt>Organization</dt><dd>{contact.organizationId ? <Link to={`/organizations/${contact.organizationId}`}>Open organization</Link> : "—"}</dd>
        <dt>Owner</dt><dd>{client.userName(contact.ownerId)}</dd>
        <dt>Tags</dt><dd>{contact.tags.join(", ") || "—"}</dd>
      </dl>
      {contact.notes && <p className="description">{contact.notes}</p>}
      <h3>Timeline</h3>
      <TimelineList timeline={timeline} />
    </article>
  );
}
