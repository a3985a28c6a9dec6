import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ApiError, useDirectory, useLiveAccess, useLiveDesk, useMe, type TeamDto, type UserDto } from "../live";
import { FieldError } from "../shared/FieldError";
import { useFlash } from "../shared/useFlash";
import { adminApi } from "./api";
import { RequireSection } from "./AdminLayout";
import { roleLabels, staffRoles, type PersonChanges, type StaffRole } from "./types";
import { useServerForm } from "./useServerForm";

/** People (#/admin/people, admins): everyone who signs in, their role, teams and state; add, edit, deactivate and
 * reactivate. The list is the directory every screen shares, kept current by user.* and team.member_* events, so
 * another admin's change shows here without a reload. */
export function PeoplePage() {
  return <RequireSection section="people"><People /></RequireSection>;
}

function People() {
  const { users, teams } = useDirectory();
  const [shown, setShown] = useState<"staff" | "customers">("staff");
  const [editing, setEditing] = useState<number | null>(null);
  const flash = useFlash(event => event.entity === "user" ? event.entityId
    : event.type.startsWith("team.member_") ? Number(event.changes.userId) : null);
  const listed = users.filter(user => (user.role === "customer") === (shown === "customers"));
  const teamNames = useMemo(() => new Map(teams.map(team => [team.id, team.name])), [teams]);

  return (
    <section className="admin-section" aria-labelledby="people-title">
      <div className="admin-head">
        <h2 id="people-title">People <span className="count" data-testid="people-count">{listed.length}</span></h2>
        <label>Show{" "}
          <select value={shown} onChange={e => setShown(e.target.value as "staff" | "customers")}>
            <option value="staff">Staff</option>
            <option value="customers">Customers</option>
          </select>
        </label>
      </div>
      <AddPersonForm teams={teams} />
      <table className="admin-table" aria-label="People">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Teams</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {listed.map(user => editing === user.id
            ? <PersonEditor key={user.id} user={user} teams={teams} onDone={() => setEditing(null)} />
            : <PersonRow key={user.id} user={user} teamNames={teamNames} flash={flash(user.id)} onEdit={() => setEditing(user.id)} />)}
        </tbody>
      </table>
    </section>
  );
}

function PersonRow({ user, teamNames, flash, onEdit }: {
  user: UserDto; teamNames: Map<number, string>; flash: string; onEdit: () => void;
}) {
  const me = useMe();
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [confirming, setConfirming] = useState(false);
  const action = useServerForm();
  const verb = user.active ? "Deactivate" : "Reactivate";

  const setActive = () => void action.run(async () => {
    access.acceptUser(await (user.active ? api.deactivate(user) : api.reactivate(user)));
    setConfirming(false);
  });

  return (
    <>
      <tr data-user-id={user.id} data-email={user.email} className={[flash, user.active ? "" : "inactive"].join(" ")}>
        <td>{user.displayName}{user.id === me.id && <span className="muted"> (you)</span>}</td>
        <td>{user.email}</td>
        <td data-testid="person-role">{roleLabels[user.role]}</td>
        <td data-testid="person-teams">{user.teamIds.map(id => teamNames.get(id) ?? `Team ${id}`).join(", ") || <span className="muted">none</span>}</td>
        <td><span className={`pill ${user.active ? "state-active" : "state-inactive"}`} data-testid="person-state">{user.active ? "Active" : "Deactivated"}</span></td>
        <td className="row-actions">
          <button type="button" className="link" onClick={onEdit} aria-label={`Edit ${user.displayName}`}>Edit</button>
          {user.id !== me.id && (
            <button type="button" className="link" onClick={() => { action.clear(); setConfirming(true); }}
              aria-label={`${verb} ${user.displayName}`}>{verb}</button>
          )}
        </td>
      </tr>
      {confirming && (
        <tr className="confirm-row">
          <td colSpan={6}>
            <div className="confirm" role="group" aria-label={`${verb} ${user.displayName}?`}>
              <span>
                {user.active
                  ? <><strong>Deactivate {user.displayName}?</strong> They are signed out everywhere at once and cannot sign in; their tickets stay assigned.</>
                  : <><strong>Reactivate {user.displayName}?</strong> They may sign in again.</>}
              </span>
              {action.error && <span className="error" role="alert">{action.error}</span>}
              <button type="button" className={user.active ? "danger" : "primary"} disabled={action.busy} onClick={setActive}>{verb}</button>
              <button type="button" className="link" onClick={() => setConfirming(false)}>Cancel</button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** Name, role and teams of one person, in place of their row. Only what changed is sent, with the version shown; if
 * someone else changed the person meanwhile, the form shows their change and says so. */
function PersonEditor({ user, teams, onDone }: { user: UserDto; teams: TeamDto[]; onDone: () => void }) {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [base, setBase] = useState(user);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState(user.role);
  const [teamIds, setTeamIds] = useState(user.teamIds);
  const form = useServerForm();
  const customer = user.role === "customer";

  // A newer version (someone else's change, or the one a 412 fetched): the form starts again from it.
  useEffect(() => {
    if (user.version === base.version) return;
    setBase(user);
    setDisplayName(user.displayName);
    setRole(user.role);
    setTeamIds(user.teamIds);
  }, [user, base.version]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes: PersonChanges = {};
    if (displayName.trim() !== base.displayName) changes.displayName = displayName.trim();
    if (role !== base.role && role !== "customer") changes.role = role;
    if (!sameIds(teamIds, base.teamIds)) changes.teamIds = [...teamIds].sort((a, b) => a - b);
    if (Object.keys(changes).length === 0) return onDone();
    void form.run(async () => {
      access.acceptUser(await api.updateUser(base, changes));
      onDone();
    }, {
      onError: failure => {
        if (failure instanceof ApiError && failure.isStale) void client.queryClient.invalidateQueries({ queryKey: ["users"] });
      },
    });
  }

  return (
    <tr className="editing" data-user-id={user.id} data-email={user.email}>
      <td colSpan={6}>
        <form className="admin-form inline" onSubmit={submit} noValidate aria-label={`Edit ${base.displayName}`}>
          <label>Name <input value={displayName} maxLength={200} onChange={e => setDisplayName(e.target.value)} autoFocus /></label>
          <FieldError errors={form.errors} field="displayName" />
          {!customer && (
            <>
              <label>Role <select value={role} onChange={e => setRole(e.target.value as StaffRole)}>
                {staffRoles.map(r => <option key={r} value={r}>{roleLabels[r]}</option>)}
              </select></label>
              <FieldError errors={form.errors} field="role" />
              <TeamChoices teams={teams} value={teamIds} onChange={setTeamIds} />
              <FieldError errors={form.errors} field="teamIds" />
            </>
          )}
          <div className="form-actions">
            {form.error && <span className="error" role="alert">{form.error}</span>}
            <button type="button" className="link" onClick={onDone}>Cancel</button>
            <button type="submit" className="primary" disabled={form.busy}>{form.busy ? "Saving…" : "Save"}</button>
          </div>
        </form>
      </td>
    </tr>
  );
}

/** Adds a staff member with an initial password (or, without one and with email set up, an invitation by mail). The
 * server checks everything; its messages show beside the fields (a taken email, a password the policy refuses). */
function AddPersonForm({ teams }: { teams: TeamDto[] }) {
  const client = useLiveDesk();
  const access = useLiveAccess();
  const api = useMemo(() => adminApi(client.api), [client]);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<StaffRole>("agent");
  const [teamIds, setTeamIds] = useState<number[]>([]);
  const [password, setPassword] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const form = useServerForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    void form.run(async () => {
      const created = await api.createUser({ email: email.trim(), displayName: displayName.trim(), role, teamIds, password: password || undefined });
      access.acceptUser(created);
      setAdded(`${created.displayName} was added.`);
      setEmail(""); setDisplayName(""); setRole("agent"); setTeamIds([]); setPassword("");
    }, { conflictField: "email" });
  }

  if (!open) {
    return (
      <div className="admin-toolbar">
        <button type="button" className="primary" onClick={() => setOpen(true)}>Add person</button>
        {added && <span className="notice" role="status">{added}</span>}
      </div>
    );
  }
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label="Add person">
      <label>Email <input type="email" value={email} autoComplete="off" onChange={e => setEmail(e.target.value)} autoFocus /></label>
      <FieldError errors={form.errors} field="email" />
      <label>Name <input value={displayName} maxLength={200} onChange={e => setDisplayName(e.target.value)} /></label>
      <FieldError errors={form.errors} field="displayName" />
      <label>Role <select value={role} onChange={e => setRole(e.target.value as StaffRole)}>
        {staffRoles.map(r => <option key={r} value={r}>{roleLabels[r]}</option>)}
      </select></label>
      <FieldError errors={form.errors} field="role" />
      <TeamChoices teams={teams} value={teamIds} onChange={setTeamIds} />
      <FieldError errors={form.errors} field="teamIds" />
      <label>Initial password <input type="password" value={password} autoComplete="new-password" onChange={e => setPassword(e.target.value)} /></label>
      <FieldError errors={form.errors} field="password" />
      <p className="muted hint">Give it to them in person; they can change it after signing in. Left empty, they get an invitation by email (when email is set up).</p>
      <div className="form-actions">
        {added && <span className="notice" role="status">{added}</span>}
        {form.error && <span className="error" role="alert">{form.error}</span>}
        <button type="button" className="link" onClick={() => { setOpen(false); form.clear(); }}>Close</button>
        <button type="submit" className="primary" disabled={form.busy}>{form.busy ? "Adding…" : "Add person"}</button>
      </div>
    </form>
  );
}

function TeamChoices({ teams, value, onChange }: { teams: TeamDto[]; value: number[]; onChange: (ids: number[]) => void }) {
  return (
    <fieldset className="team-choices">
      <legend>Teams</legend>
      {teams.length === 0 && <span className="muted">No teams yet.</span>}
      {teams.map(team => (
        <label key={team.id} className="checkbox-label">
          <input type="checkbox" checked={value.includes(team.id)}
            onChange={e => onChange(e.target.checked ? [...value, team.id] : value.filter(id => id !== team.id))} />
          {team.name}
        </label>
      ))}
    </fieldset>
  );
}

function sameIds(a: number[], b: number[]) {
  return a.length === b.length && a.every(id => b.includes(id));
}
