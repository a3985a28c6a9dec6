import { FieldError } from "../shared/FieldError";
import { doNotDisturbChoices } from "./choices";

/** Do-not-disturb: off, or on until a time, set with quick choices. */
export function DoNotDisturbField({ until, errors, onChange }: {
  until: string | null; errors: Record<string, string[]>; onChange: (until: string | null) => void;
}) {
  const active = until !== null && Date.parse(until) > Date.now();
  return (
    <fieldset className="do-not-disturb">
      <legend>Do not disturb</legend>
      <span data-testid="dnd-state">{active ? `On until ${new Date(until!).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}` : "Off"}</span>
      {doNotDisturbChoices(new Date()).map(choice => (
        <button key={choice.label} type="button" onClick={() => onChange(choice.until.toISOString())}>{choice.label}</button>
      ))}
      <button type="button" disabled={!active} onClick={() => onChange(null)}>Off</button>
      <FieldError errors={errors} field="doNotDisturbUntil" />
    </fieldset>
  );
}
