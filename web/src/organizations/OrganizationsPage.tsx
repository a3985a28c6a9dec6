import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, useLiveDesk, useLiveEvents } from "../live";
import { EntityList } from "../live/entityList";
import { useLiveList } from "../live/hooks";
import { contactsApi } from "../contacts/api";
import type { ContactDto } from "../contacts/types";
import { TimelineList, useLiveTimeline } from "../crm/Timeline";
import { usePagedSearch } from "../crm/usePagedSearch";
import { organizationsApi } from "./api";
import type { OrganizationDto } from "./types";

const matches = (organization: OrganizationDto, q: string) =>
  organization.deletedAt === undefined
  && (q === "" || organization.name.toLowerCase().includes(q) || (organization.domain ?? "").includes(q));

/** Organizations (#/organizations, staff): a searchable, paged list that stays live, and the open organization
 * (#/organizations/7) with its contacts and a timeline of everything they have to do with the desk. */
export function OrganizationsPage() {
  const client = useLiveDesk();
  const api = useMemo(() => organizationsApi(client.api), [client]);
  const params = useParams();
  const navigate = useNavigate();
  const openId = Number(params.organizationId) > 0 ? Number(params.organizationId) : null;
  const search = usePagedSearch("organization", api, matches);

  return (
    <>
      <nav className="views" aria-label="Organization search">
        <input type="search" aria-label="Search organizations" placeholder="Name or domain" value={search.typed} onChange={e => search.setTyped(e.target.value)} />
        {search.total !== null && <span className="muted">{search.total} match{search.total === "1" ? "" : "es"}</span>}
      </nav>
      <main className="list-pane">
        <h2>Organizations</h2>
        {search.error && <p className="error" role="alert">Could not load organizations: {search.error}</p>}
        {!search.loaded && !search.error && <p className="muted" role="status">Loading organizations…</p>}
        {search.loaded && search.items.length === 0 && <p className="muted empty">No organization matches.</p>}
        <ul className="contact-list" data-testid="organization-list">
          {search.items.map(o => (
            <li key={o.id} data-organization-id={o.id} className={o.id === openId ? "active" : undefined} onClick={() => navigate(`/organizations/${o.id}`)}>
              <strong>{o.name}</strong> <span className="muted">{o.domain ?? "no domain"}</span>
            </li>
          ))}
        </ul>
        {search.hasMore && search.loaded && <button type="button" disabled={search.loadingMore} onClick={() => void search.loadMore()}>Load more</button>}
      </main>
      {openId && (
        <section className="detail-pane" aria-label="Organization">
          <OrganizationDetail key={openId} id={openId} onGone={() => navigate("/organizations")} />
        </section>
      )}
    </>
  );
}

function OrganizationDetail({ id, onGone }: { id: number; onGone: () => void }) {
  const client = useLiveDesk();
  const api = useMemo(() => organizationsApi(client.api), [client]);
  const [organization, setOrganization] = useState<OrganizationDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Its contacts, live: a contact that joins or leaves the organization comes or goes.
  const contactList = useMemo(() => new EntityList<ContactDto>("contact", async () => (await api.contacts(id)).items,
    contactId => contactsApi(client.api).get(contactId).catch(failure => {
      if (failure instanceof ApiError && failure.isNotFound) return null;
      throw failure;
    }),
    contact => contact.organizationId === id && contact.deletedAt === undefined), [api, client, id]);
  const contacts = useLiveList(contactList);
  const names = new Map(contacts.items.map(c => [c.id, c.name]));
  // Its timeline: events about the organization or one of its contacts, or about an entry already on it.
  const { timeline, error: timelineError } = useLiveTimeline(() => api.timeline(id),
    event => event.changes.organizationId === id || (typeof event.changes.contactId === "number" && names.has(event.changes.contactId)),
    `organization-${id}`);

  useEffect(() => client.connection.join(`organization:${id}`), [client, id]);
  useEffect(() => {
    void client.firstLive.then(() => api.get(id).then(setOrganization)).catch(failure => setError(String(failure.message ?? failure)));
  }, [api, client, id]);
  useLiveEvents(event => event.entity === "organization" && event.entityId === id, event => {
    if (event.type === "organization.deleted") onGone();
    else if (organization && event.version === organization.version + 1) setOrganization({ ...organization, ...event.changes, version: event.version } as OrganizationDto);
    else if (organization && event.version > organization.version) void api.get(id).then(setOrganization);
  });

  if (error ?? timelineError) return <p className="error" role="alert">Could not load the organization: {error ?? timelineError}</p>;
  if (!organization) return <p className="muted" role="status">Loading organization…</p>;
  return (
    <article className="contact-detail" data-testid="organization-detail" data-organization-id={id}>
      <header>
        <h2>{organization.name}</h2>
        <Link to="/organizations" className="close-detail" aria-label="Close organization">×</Link>
      </header>
      <dl className="facts">
        <dt>Domain</dt><dd>{organization.domain ?? "—"}</dd>
        <dt>Contacts</dt>
        <dd data-testid="organization-contacts">
          {!contacts.loaded ? "…" : contacts.items.length === 0 ? "—" : contacts.items.map((c, i) =>
            <span key={c.id}>{i > 0 && ", "}<Link to={`/contacts/${c.id}`}>{c.name}</Link></span>)}
        </dd>
      </dl>
      {organization.notes && <p className="description">{organization.notes}</p>}
      <h3>Timeline</h3>
      <TimelineList timeline={timeline} whose={contactId => names.get(contactId)} />
    </article>
  );
}
