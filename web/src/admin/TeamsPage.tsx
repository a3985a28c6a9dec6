import { useMemo, useState, type FormEvent } from "react";
import { ApiError, assignable, useDirectory, useLiveAccess, useLiveDesk, type TeamDto, type UserDto } from "../live";
import { FieldError } from "../shared/FieldError";
import { useFlash } from "../shared/useFlash";
import { adminApi } from "./api";
import { RequireSection } from "./AdminLayout";
import { roleLabels } from "./types";
import { useServerForm } from "./useServerForm";

/** Teams (#/admin/teams, managers and admins): each team with its members; create, rename, add and remove members.
 * A member added or removed here gains or loses the team's tickets at once, on every screen they have open. */
export function TeamsPage() {
  return <RequireSection section="teams"><Teams /></RequireSection>;
}

function Teams() {
  const { users, teams } = useDirectory();
  const flash = useFlash(event => (event.entity === "team" ? event.entityId : null));
  return (
    <section className="admin-section" aria-labelledby="teams-title">
      <div className="admin-head">
        <h2 id="teams-title">Teams <span className="count">{teams.length}</span></h2>
      </div>
      <NewTeamForm />
      <ul className="team-cards">
        {teams.map(team => <TeamCard key={team.id} team={team} users={users} flash={flash(team.id)} />)}
      </ul>
    </section>
  );
}

function NewTeamForm() {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [name, setName] = useState("");
  const form = useServerForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    void form.run(async () => {
      access.acceptTeam(await api.createTeam(name.trim()));
      setName("");
    }, { conflictField: "name" });
  }

  return (
    <form className="admin-form row" onSubmit={submit} noValidate aria-label="New team">
      <label>New team <input value={name} maxLength={200} placeholder="Name" onChange={e => setName(e.target.value)} /></label>
      <button type="submit" className="primary" disabled={form.busy || !name.trim()}>Create team</button>
      <FieldError errors={form.errors} field="name" />
      {form.error && <span className="error" role="alert">{form.error}</span>}
    </form>
  );
}

function TeamCard({ team, users, flash }: { team: TeamDto; users: UserDto[]; flash: string }) {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(team.name);
  const [adding, setAdding] = useState("");
  const rename = useServerForm();
  const members = useServerForm();
  const byId = new Map(users.map(user => [user.id, user]));
  const candidates = assignable(users).filter(user => !team.memberIds.includes(user.id));

  function submitRename(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === team.name) return setRenaming(false);
    void rename.run(async () => {
      access.acceptTeam(await api.renameTeam(team, name.trim()));
      setRenaming(false);
    }, {
      conflictField: "name",
      onError: failure => {
        if (failure instanceof ApiError && failure.isStale) void client.queryClient.invalidateQueries({ queryKey: ["teams"] });
      },
    });
  }

  const change = (work: () => Promise<TeamDto>) => void members.run(async () => access.acceptTeam(await work()));

  return (
    <li className={`team-card ${flash}`} data-team-id={team.id} aria-label={`Team ${team.name}`}>
      {renaming ? (
        <form className="admin-form row" onSubmit={submitRename} noValidate aria-label={`Rename ${team.name}`}>
          <label>Name <input value={name} maxLength={200} onChange={e => setName(e.target.value)} autoFocus /></label>
          <button type="submit" className="primary" disabled={rename.busy}>Save</button>
          <button type="button" className="link" onClick={() => { setRenaming(false); rename.clear(); }}>Cancel</button>
          <FieldError errors={rename.errors} field="name" />
          {rename.error && <span className="error" role="alert">{rename.error}</span>}
        </form>
      ) : (
        <header>
          <h3>{team.name}</h3>
          <span className="muted">{team.memberIds.length} {team.memberIds.length === 1 ? "member" : "members"}</span>
          <button type="button" className="link" onClick={() => { setName(team.name); setRenaming(true); }}>Rename</button>
        </header>
      )}
      <ul className="members" aria-label={`Members of ${team.name}`}>
        {team.memberIds.length === 0 && <li className="muted">No members yet.</li>}
        {team.memberIds.map(id => {
          const member = byId.get(id);
          const label = member?.displayName ?? `User ${id}`;
          return (
            <li key={id} data-user-id={id}>
              <span>{label}</span>
              {member && <span className="muted">{roleLabels[member.role]}</span>}
              {member && !member.active && <span className="pill state-inactive">Deactivated</span>}
              <button type="button" className="link" disabled={members.busy} aria-label={`Remove ${label} from ${team.name}`}
                onClick={() => change(() => api.removeMember(team, id))}>Remove</button>
            </li>
          );
        })}
      </ul>
      <form className="admin-form row" aria-label={`Add a member to ${team.name}`} onSubmit={event => {
        event.preventDefault();
        if (!adding) return;
        change(async () => {
          const updated = await api.addMember(team, Number(adding));
          setAdding("");
          return updated;
        });
      }}>
        <select aria-label={`Person to add to ${team.name}`} value={adding} onChange={e => setAdding(e.target.value)}>
          <option value="">Add a person…</option>
          {candidates.map(user => <option key={user.id} value={user.id}>{user.displayName}</option>)}
        </select>
        <button type="submit" disabled={members.busy || !adding}>Add</button>
        {members.error && <span className="error" role="alert">{members.error}</span>}
      </form>
    </li>
  );
}
