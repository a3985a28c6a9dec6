import { useMemo } from "react";
import { FieldError } from "../shared/FieldError";
import { weekdays, type QuietHours, type Weekday } from "./types";

const dayLabels: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** Quiet hours: on or off, from and to (on the clock of the chosen time zone), the days they start on, and whether an
 * urgent notification may break through. */
export function QuietHoursFields({ on, quiet, errors, onChange }: {
  on: boolean; quiet: QuietHours; errors: Record<string, string[]>; onChange: (on: boolean, quiet: QuietHours) => void;
}) {
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf("timeZone");
    return all.includes(quiet.timeZone) ? all : [quiet.timeZone, ...all];
  }, [quiet.timeZone]);
  const set = (change: Partial<QuietHours>) => onChange(on, { ...quiet, ...change });

  return (
    <fieldset className="quiet-hours">
      <legend><label><input type="checkbox" checked={on} onChange={e => onChange(e.target.checked, quiet)} /> Quiet hours</label></legend>
      <label>From <input type="time" aria-label="Quiet from" value={quiet.start} disabled={!on} onChange={e => set({ start: e.target.value })} /></label>
      <FieldError errors={errors} field="quietHours.start" />
      <label>to <input type="time" aria-label="Quiet until" value={quiet.end} disabled={!on} onChange={e => set({ end: e.target.value })} /></label>
      <FieldError errors={errors} field="quietHours.end" />
      <label>Time zone <select aria-label="Time zone" value={quiet.timeZone} disabled={!on} onChange={e => set({ timeZone: e.target.value })}>
        {zones.map(zone => <option key={zone} value={zone}>{zone.replaceAll("_", " ")}</option>)}
      </select></label>
      <FieldError errors={errors} field="quietHours.timeZone" />
      <div className="days" role="group" aria-label="Quiet on">
        {weekdays.map(day => (
          <label key={day}>
            <input type="checkbox" disabled={!on} checked={quiet.days.includes(day)}
              onChange={e => set({ days: e.target.checked ? weekdays.filter(d => d === day || quiet.days.includes(d)) : quiet.days.filter(d => d !== day) })} />
            {dayLabels[day]}
          </label>
        ))}
        <FieldError errors={errors} field="quietHours.days" />
      </div>
      <label><input type="checkbox" disabled={!on} checked={quiet.urgentBreaksThrough}
        onChange={e => set({ urgentBreaksThrough: e.target.checked })} /> Urgent ones break through</label>
      <p className="muted hint">Days are the day the quiet time starts: 22:00 to 07:00 on Friday runs into Saturday morning.</p>
    </fieldset>
  );
}
