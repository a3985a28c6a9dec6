import type { NotificationPreferences, PreferencesChange, QuietHours, TypePreference } from "./types";

/** What the preferences form edits. Quiet hours keep their values while switched off, so switching them on again
 * does not start from scratch. */
export interface PreferencesDraft {
  types: Record<string, TypePreference>;
  quietOn: boolean;
  quiet: QuietHours;
  doNotDisturbUntil: string | null;
}

export function draftFrom(saved: NotificationPreferences, browserTimeZone: string): PreferencesDraft {
  return {
    types: saved.types,
    quietOn: saved.quietHours !== null,
    quiet: saved.quietHours ?? { start: "22:00", end: "07:00", timeZone: browserTimeZone, days: ["mon", "tue", "wed", "thu", "fri"], urgentBreaksThrough: true },
    doNotDisturbUntil: saved.doNotDisturbUntil,
  };
}

/**
 * The PUT body: only the types that differ from what is saved (a type the user never touched keeps following the
 * server's defaults), quiet hours or null, and do-not-disturb or null; one that already ran out is sent as off,
 * since the server refuses a time in the past.
 */
export function changeFrom(draft: PreferencesDraft, saved: NotificationPreferences, now: Date): PreferencesChange {
  const types = Object.fromEntries(Object.entries(draft.types).filter(([type, p]) => !samePreference(p, saved.types[type])));
  const dnd = draft.doNotDisturbUntil;
  return {
    types,
    quietHours: draft.quietOn ? draft.quiet : null,
    doNotDisturbUntil: dnd && Date.parse(dnd) > now.getTime() ? dnd : null,
  };
}

const samePreference = (a: TypePreference, b: TypePreference | undefined) =>
  !!b && a.inApp === b.inApp && a.desktop === b.desktop && a.email === b.email && (a.scope ?? null) === (b.scope ?? null);
