import { useEffect, useState, type FormEvent } from "react";
import { ApiError, useLiveDesk } from "../live";
import { FieldError } from "../shared/FieldError";
import { useAction } from "../shared/useAction";
import { useNotificationCenter, usePreferences } from "./hooks";
import { changeFrom, draftFrom, type PreferencesDraft } from "./preferencesDraft";
import { QuietHoursFields } from "./QuietHoursFields";
import { DoNotDisturbField } from "./DoNotDisturbField";
import { channels, scopeChoices, typeLabel, typeLabels, type NotificationPreferences } from "./types";

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** Types a customer is never sent, so the portal does not offer them. */
const staffOnly = new Set(["ticket.assigned", "queue.new_ticket"]);

/**
 * Notification settings (#/settings/notifications): types × channels, scopes, quiet hours, do-not-disturb. Saved with
 * the version it was loaded at (If-Match); a 400 shows each message beside its field, a 412 loads the newer version
 * and says so. While nothing is being edited the page follows changes made elsewhere live.
 */
export function PreferencesPage() {
  const center = useNotificationCenter();
  const me = useLiveDesk().me;
  const saved = usePreferences();
  const [draft, setDraft] = useState<{ base: NotificationPreferences; values: PreferencesDraft } | null>(null);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useAction();

  useEffect(() => {
    if (!saved) return;
    if (!draft || !dirty) setDraft({ base: saved, values: draftFrom(saved, browserTimeZone()) });
    else if (saved.version !== draft.base.version) setNotice("These settings were just changed in another tab or device.");
  }, [saved]); // only a new version from the server matters here, not every edit

  if (!draft) return <main className="settings-page"><p className="muted" role="status">Loading notification settings…</p></main>;
  const values = draft.values;
  const edit = (change: Partial<PreferencesDraft>) => {
    setDraft({ ...draft, values: { ...values, ...change } });
    setDirty(true);
    setNotice(null);
  };
  const types = [...Object.keys(typeLabels), ...Object.keys(values.types).filter(t => !(t in typeLabels))]
    .filter(t => t in values.types && (me.role !== "customer" || !staffOnly.has(t)));

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setNotice(null);
    void save.run(async () => {
      const result = await center.api.savePreferences(changeFrom(values, draft!.base, new Date()), draft!.base.version);
      // Our own event may come before this answer or after it; either way the form is now at the saved version.
      setDraft({ base: result, values: draftFrom(result, browserTimeZone()) });
      setDirty(false);
      setNotice("Saved.");
      center.acceptPreferences(result);
    }, failure => {
      if (!(failure instanceof ApiError)) return;
      setErrors(failure.fieldErrors);
      if (failure.isStale) {
        setDirty(false);
        setNotice("Someone changed these settings meanwhile (in another tab or on another device). The page now shows their version: make your change again.");
        void center.loadPreferences().catch(() => {});
      }
    });
  }

  return (
    <main className="settings-page">
      <h2>Notification settings</h2>
      <form onSubmit={submit} aria-label="Notification settings">
        <table className="preference-grid">
          <thead>
            <tr><th scope="col">Notify me of</th>{channels.map(c => <th key={c.key} scope="col">{c.label}</th>)}<th scope="col">Which</th></tr>
          </thead>
          <tbody>
            {types.map(type => {
              const preference = values.types[type];
              const setType = (change: Partial<typeof preference>) => edit({ types: { ...values.types, [type]: { ...preference, ...change } } });
              return (
                <tr key={type}>
                  <th scope="row">{typeLabel(type)} <FieldError errors={errors} field={`types.${type}`} /></th>
                  {channels.map(c => (
                    <td key={c.key}>
                      <input type="checkbox" aria-label={`${typeLabel(type)}: ${c.label}`} checked={preference[c.key]}
                        onChange={e => setType({ [c.key]: e.target.checked })} />
                    </td>
                  ))}
                  <td>
                    {scopeChoices[type] && (
                      <select aria-label={`${typeLabel(type)}: which`} value={preference.scope ?? scopeChoices[type][0].value}
                        onChange={e => setType({ scope: e.target.value })}>
                        {scopeChoices[type].map(s => <option key={s.value} value={s.value}>{s.label}</option>)}
                      </select>
                    )}
                    <FieldError errors={errors} field={`types.${type}.scope`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted hint">Desktop notifications need this browser's permission; quiet hours and do-not-disturb hold them back (and email), not the bell.</p>
        <QuietHoursFields on={values.quietOn} quiet={values.quiet} errors={errors}
          onChange={(quietOn, quiet) => edit({ quietOn, quiet })} />
        <DoNotDisturbField until={values.doNotDisturbUntil} errors={errors} onChange={until => edit({ doNotDisturbUntil: until })} />
        <div className="form-actions">
          {notice && <span className="notice" role="status">{notice}</span>}
          {save.error && !Object.keys(errors).length && !notice && <span className="error" role="alert">{save.error}</span>}
          {Object.keys(errors).length > 0 && <span className="error" role="alert">Please check the fields marked above.</span>}
          <button type="submit" className="primary" disabled={!dirty || save.busy}>Save</button>
        </div>
      </form>
    </main>
  );
}
