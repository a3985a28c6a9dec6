import { useState, type FormEvent } from "react";
import { useFeatureFlags, useLiveDesk, type FeatureFlagDto, type FlagMode } from "../live";
import { FieldError } from "../shared/FieldError";
import { useFlash } from "../shared/useFlash";
import { RequireSection } from "./AdminLayout";
import { useServerForm } from "./useServerForm";

const modes: { mode: FlagMode; label: string; hint: string }[] = [
  { mode: "live", label: "Live", hint: "Screens apply each change as it arrives (the default)." },
  { mode: "signal", label: "Signal, then fetch", hint: "Changes arrive without their content; screens fetch the record." },
  { mode: "poll", label: "Poll", hint: "Screens ignore live changes and reload their lists on a timer." },
];

/** Feature flags (#/admin/flags, admins): how every entity type's screens stay current (docs/realtime-protocol.md,
 * 11a). A valve for a bad release or a hot table: switching a type to signal or poll takes effect on every open screen
 * within a second, without a reload. Another admin's change shows here at once too. */
export function FlagsPage() {
  return <RequireSection section="flags"><Flags /></RequireSection>;
}

function Flags() {
  const flags = useFeatureFlags();
  const flash = useFlash(event => (event.type === "feature_flag.updated" ? idOf(String(event.changes.entity)) : null));
  const entities = Object.keys(flags).sort(byImportance);
  return (
    <section className="admin-section" aria-labelledby="flags-title">
      <div className="admin-head">
        <h2 id="flags-title">Live modes</h2>
      </div>
      <p className="muted">{modes.map(m => <span key={m.mode}><strong>{m.label}</strong>: {m.hint} </span>)}</p>
      <table className="admin-table" aria-label="Feature flags">
        <thead><tr><th>Entity type</th><th>Mode</th><th>Poll every (seconds)</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {entities.length === 0 && <tr><td colSpan={4} className="muted">Loading…</td></tr>}
          {entities.map(entity => <FlagRow key={entity} entity={entity} flag={flags[entity]} flash={flash(idOf(entity))} />)}
        </tbody>
      </table>
    </section>
  );
}

/** The types people deal with most first, the rest by name. */
const leading = ["ticket", "comment"];
function byImportance(a: string, b: string) {
  const rank = (e: string) => (leading.includes(e) ? leading.indexOf(e) : leading.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

// useFlash keys rows by number; flag rows are keyed by entity name.
const flagIds = new Map<string, number>();
function idOf(entity: string) {
  if (!flagIds.has(entity)) flagIds.set(entity, flagIds.size + 1);
  return flagIds.get(entity)!;
}

function FlagRow({ entity, flag, flash }: { entity: string; flag: FeatureFlagDto; flash: string }) {
  const client = useLiveDesk();
  /** What the admin is changing; null shows the effective flag, so another admin's change appears at once. */
  const [draft, setDraft] = useState<{ mode: FlagMode; pollSeconds: string } | null>(null);
  const form = useServerForm();
  const shown = draft ?? { mode: flag.mode, pollSeconds: String(flag.pollSeconds) };
  const edit = (changes: Partial<typeof shown>) => setDraft({ ...shown, ...changes });
  const field = (name: string) => `flags.${entity}${name ? `.${name}` : ""}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    void form.run(async () => {
      const seconds = draft.pollSeconds.trim() === "" ? undefined : Number(draft.pollSeconds);
      client.flags.accept(await client.api.updateFlags({ [entity]: { mode: draft.mode, pollSeconds: seconds } }));
      setDraft(null);
    });
  }

  const formId = `flag-${entity}`;
  return (
    <tr data-flag={entity} className={flash}>
      <th scope="row">{entity}</th>
      <td>
        <select form={formId} aria-label={`Mode of ${entity}`} value={shown.mode} disabled={form.busy}
          onChange={e => edit({ mode: e.target.value as FlagMode })}>
          {modes.map(m => <option key={m.mode} value={m.mode}>{m.label}</option>)}
        </select>
        <FieldError errors={form.errors} field={field("mode")} />
      </td>
      <td>
        <input form={formId} aria-label={`Poll interval of ${entity}`} type="number" inputMode="numeric" min={2} max={3600}
          value={shown.pollSeconds} disabled={form.busy} onChange={e => edit({ pollSeconds: e.target.value })} />
        <FieldError errors={form.errors} field={field("pollSeconds")} />
      </td>
      <td className="row-actions">
        <form id={formId} onSubmit={submit} noValidate aria-label={`Live mode of ${entity}`}>
          <button type="submit" className="primary" disabled={form.busy || !draft}>Save</button>
          {draft && <button type="button" className="link" onClick={() => { setDraft(null); form.clear(); }}>Cancel</button>}
        </form>
        <FieldError errors={form.errors} field={field("")} />
        {form.error && <span className="error" role="alert">{form.error}</span>}
      </td>
    </tr>
  );
}
