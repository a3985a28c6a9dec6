import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useDirectory, useLiveDesk } from "../live";
import { timeAgo } from "../shared/format";
import { adminApi } from "./api";
import { describeChanges } from "./audit";
import { RequireSection } from "./AdminLayout";
import type { AuditEntry, AuditFilter } from "./types";

const auditKey = ["admin", "audit"] as const;
const pageSize = 50;
const adminEntities = new Set(["user", "team", "queue"]);

/** The audit log (#/admin/audit, admins): who changed whose role, teams or state, and teams and queues; newest first,
 * a page at a time, for everyone or one person. A change made while it is open appears at the top. */
export function AuditPage() {
  return <RequireSection section="audit"><AuditLog /></RequireSection>;
}

function AuditLog() {
  const client = useLiveDesk();
  const cache = useQueryClient();
  const api = useMemo(() => adminApi(client.api), [client]);
  const { users, teams } = useDirectory();
  const [person, setPerson] = useState("");
  const filter: AuditFilter = person ? { targetType: "user", targetId: Number(person) } : {};
  const log = useInfiniteQuery({
    queryKey: [...auditKey, filter],
    queryFn: ({ pageParam }) => api.audit(filter, pageParam, pageSize),
    initialPageParam: null as number | null,
    getNextPageParam: page => page.nextBefore,
  });

  // Every admin change is an event of a person, team or queue: the log has a new entry. The pages shown are read
  // again (one request per batch of events), as they are after a reset.
  useEffect(() => {
    const reload = () => void cache.invalidateQueries({ queryKey: auditKey });
    const stopEvents = client.onEvents(events => { if (events.some(e => adminEntities.has(e.entity))) reload(); });
    const stopResets = client.onReset(reload);
    return () => { stopEvents(); stopResets(); };
  }, [client, cache]);

  const teamName = (id: number) => teams.find(team => team.id === id)?.name ?? `Team ${id}`;
  const entries = log.data?.pages.flatMap(page => page.items) ?? [];
  return (
    <section className="admin-section" aria-labelledby="audit-title">
      <div className="admin-head">
        <h2 id="audit-title">Audit log</h2>
        <label>Person{" "}
          <select value={person} onChange={e => setPerson(e.target.value)} aria-label="Filter by person">
            <option value="">Everyone and everything</option>
            {users.map(user => <option key={user.id} value={user.id}>{user.displayName} ({user.email})</option>)}
          </select>
        </label>
      </div>
      {log.isPending && <p className="muted" role="status">Loading the audit log…</p>}
      {log.error && <p className="error" role="alert">Could not load the audit log: {log.error.message}</p>}
      {log.data && entries.length === 0 && <p className="muted empty">Nothing recorded{person ? " for this person" : ""} yet.</p>}
      {entries.length > 0 && (
        <table className="admin-table audit" aria-label="Audit log">
          <thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead>
          <tbody>
            {entries.map(entry => <AuditRow key={entry.id} entry={entry} teamName={teamName} />)}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}

function AuditRow({ entry, teamName }: { entry: AuditEntry; teamName: (id: number) => string }) {
  const client = useLiveDesk();
  return (
    <tr data-audit-id={entry.id} data-action={entry.action}>
      <td><time dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>{timeAgo(entry.at)}</time></td>
      <td>{client.userName(entry.actorId)}</td>
      <td>
        {entry.summary}
        {describeChanges(entry.changes, teamName).map(line => <div key={line} className="muted audit-change">{line}</div>)}
      </td>
    </tr>
  );
}
