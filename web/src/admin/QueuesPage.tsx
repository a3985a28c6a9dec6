import { useMemo, useState, type FormEvent } from "react";
import { ApiError, useDirectory, useLiveAccess, useLiveDesk, type QueueDto, type TeamDto } from "../live";
import { FieldError } from "../shared/FieldError";
import { useFlash } from "../shared/useFlash";
import { adminApi } from "./api";
import { RequireSection } from "./AdminLayout";
import type { QueueChanges } from "./types";
import { useServerForm } from "./useServerForm";

/** Queues (#/admin/queues, managers and admins): create, rename, move to another team (its tickets go along, so the
 * old team stops seeing them), archive (no new tickets; the ones it has stay) and unarchive. */
export function QueuesPage() {
  return <RequireSection section="queues"><Queues /></RequireSection>;
}

function Queues() {
  const { teams, queues } = useDirectory();
  const flash = useFlash(event => (event.entity === "queue" ? event.entityId : null));
  return (
    <section className="admin-section" aria-labelledby="queues-title">
      <div className="admin-head">
        <h2 id="queues-title">Queues <span className="count">{queues.length}</span></h2>
      </div>
      <NewQueueForm teams={teams} />
      <table className="admin-table" aria-label="Queues">
        <thead><tr><th>Name</th><th>Team</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {queues.map(queue => <QueueRow key={queue.id} queue={queue} teams={teams} flash={flash(queue.id)} />)}
        </tbody>
      </table>
    </section>
  );
}

function NewQueueForm({ teams }: { teams: TeamDto[] }) {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState("");
  const form = useServerForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    void form.run(async () => {
      access.acceptQueue(await api.createQueue(name.trim(), Number(teamId)));
      setName("");
    });
  }

  return (
    <form className="admin-form row" onSubmit={submit} noValidate aria-label="New queue">
      <label>New queue <input value={name} maxLength={200} placeholder="Name" onChange={e => setName(e.target.value)} /></label>
      <label>for <select aria-label="Team of the new queue" value={teamId} onChange={e => setTeamId(e.target.value)}>
        <option value="">Choose a team…</option>
        {teams.map(team => <option key={team.id} value={team.id}>{team.name}</option>)}
      </select></label>
      <button type="submit" className="primary" disabled={form.busy || !name.trim() || !teamId}>Create queue</button>
      <FieldError errors={form.errors} field="name" />
      <FieldError errors={form.errors} field="teamId" />
      {form.error && <span className="error" role="alert">{form.error}</span>}
    </form>
  );
}

function QueueRow({ queue, teams, flash }: { queue: QueueDto; teams: TeamDto[]; flash: string }) {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(queue.name);
  /** A move waiting for confirmation: the team, and how many tickets would go with the queue (null while counting). */
  const [moving, setMoving] = useState<{ teamId: number; tickets: number | null } | null>(null);
  const form = useServerForm();
  const teamName = (id: number) => teams.find(team => team.id === id)?.name ?? `Team ${id}`;

  const save = (changes: QueueChanges, done: () => void) => void form.run(async () => {
    access.acceptQueue(await api.updateQueue(queue, changes));
    done();
  }, {
    onError: failure => {
      if (failure instanceof ApiError && failure.isStale) void client.queryClient.invalidateQueries({ queryKey: ["queues"] });
    },
  });

  function startMove(teamId: number) {
    if (teamId === queue.teamId) return setMoving(null);
    form.clear();
    setMoving({ teamId, tickets: null });
    api.queueTicketCount(queue).then(
      tickets => setMoving(current => (current?.teamId === teamId ? { teamId, tickets } : current)),
      () => { /* the warning still says that its tickets move */ });
  }

  function submitRename(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === queue.name) return setRenaming(false);
    save({ name: name.trim() }, () => setRenaming(false));
  }

  const ticketWords = (count: number | null) => count === null ? "Its tickets" : count === 1 ? "Its 1 ticket" : `Its ${count} tickets`;

  return (
    <>
      <tr data-queue-id={queue.id} className={[flash, queue.archived ? "inactive" : ""].join(" ")}>
        <td>
          {renaming ? (
            <form className="admin-form row" onSubmit={submitRename} noValidate aria-label={`Rename ${queue.name}`}>
              <input aria-label="Queue name" value={name} maxLength={200} onChange={e => setName(e.target.value)} autoFocus />
              <button type="submit" className="primary" disabled={form.busy}>Save</button>
              <button type="button" className="link" onClick={() => { setRenaming(false); form.clear(); }}>Cancel</button>
              <FieldError errors={form.errors} field="name" />
            </form>
          ) : queue.name}
        </td>
        <td>
          <select aria-label={`Team of ${queue.name}`} value={moving?.teamId ?? queue.teamId} disabled={form.busy}
            onChange={e => startMove(Number(e.target.value))}>
            {teams.map(team => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
          <FieldError errors={form.errors} field="teamId" />
        </td>
        <td><span className={`pill ${queue.archived ? "state-inactive" : "state-active"}`} data-testid="queue-state">{queue.archived ? "Archived" : "Open"}</span></td>
        <td className="row-actions">
          {!renaming && <button type="button" className="link" onClick={() => { setName(queue.name); setRenaming(true); }}
            aria-label={`Rename ${queue.name}`}>Rename</button>}
          <button type="button" className="link" disabled={form.busy} aria-label={`${queue.archived ? "Unarchive" : "Archive"} ${queue.name}`}
            title={queue.archived ? "Takes new tickets again" : "Takes no new tickets; the ones it has stay"}
            onClick={() => save({ archived: !queue.archived }, () => {})}>{queue.archived ? "Unarchive" : "Archive"}</button>
          {form.error && !moving && <span className="error" role="alert">{form.error}</span>}
        </td>
      </tr>
      {moving && (
        <tr className="confirm-row">
          <td colSpan={4}>
            <div className="confirm" role="group" aria-label={`Move ${queue.name}?`}>
              <span>
                <strong>Move {queue.name} to {teamName(moving.teamId)}?</strong>{" "}
                <span data-testid="move-warning">{ticketWords(moving.tickets)} move too: {teamName(queue.teamId)} no longer sees them, {teamName(moving.teamId)} does.</span>
              </span>
              {form.error && <span className="error" role="alert">{form.error}</span>}
              <button type="button" className="primary" disabled={form.busy}
                onClick={() => save({ teamId: moving.teamId }, () => setMoving(null))}>Move queue and its tickets</button>
              <button type="button" className="link" onClick={() => { setMoving(null); form.clear(); }}>Cancel</button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
