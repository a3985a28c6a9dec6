import type { NotificationDto, NotificationPreferences, QuietHours, Weekday } from "./types";
import { weekdays } from "./types";

/** How a notification that just arrived is shown, besides the badge (which counts every unread one). */
export interface Presentation {
  toast: boolean;
  desktop: boolean;
}

export interface PresentationContext {
  now: Date;
  /** The tab is in the background (document.visibilityState !== "visible"). */
  hidden: boolean;
  permission: NotificationPermission;
  /** Null until loaded: then nothing goes to the desktop, since quiet hours might be on. */
  preferences: NotificationPreferences | null;
  /** What it is about is open on screen in a visible tab: the screen shows the change already. */
  onScreen: boolean;
}

/**
 * Priority decides: `urgent` and `high` raise a desktop notification (tab hidden, permission granted, the type's
 * desktop channel on, not during do-not-disturb or quiet hours) plus a toast; `normal` a toast; `low` only the badge.
 */
export function presentationFor(n: NotificationDto, context: PresentationContext): Presentation {
  const loud = n.priority === "urgent" || n.priority === "high";
  return {
    toast: n.priority !== "low" && !context.onScreen,
    desktop: loud && context.hidden && context.permission === "granted" && context.preferences !== null
      && desktopAllowed(n, context.preferences, context.now),
  };
}

/** The user's own rules for the desktop channel: the type's `desktop` flag, do-not-disturb, quiet hours (which an
 * urgent one may break through when the user said so). In-app toasts are not affected: the user is looking. */
export function desktopAllowed(n: NotificationDto, preferences: NotificationPreferences, now: Date): boolean {
  if (!preferences.types[n.type]?.desktop) return false;
  if (preferences.doNotDisturbUntil && Date.parse(preferences.doNotDisturbUntil) > now.getTime()) return false;
  const quiet = preferences.quietHours;
  if (quiet && inQuietHours(quiet, now)) return n.priority === "urgent" && quiet.urgentBreaksThrough;
  return true;
}

/**
 * Whether `now` falls in the quiet hours, read on the clock of their time zone. `days` names the day a quiet time
 * starts: 22:00–07:00 on fri is quiet from Friday 22:00 to Saturday 07:00, and not from Saturday 22:00.
 */
export function inQuietHours(quiet: QuietHours, now: Date): boolean {
  const { day, minutes } = wallClock(now, quiet.timeZone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start < end) return quiet.days.includes(day) && minutes >= start && minutes < end;
  if (minutes >= start) return quiet.days.includes(day);
  return minutes < end && quiet.days.includes(weekdays[(weekdays.indexOf(day) + 6) % 7]);
}

/** The weekday and minute of the day on the wall clock of an IANA time zone. */
export function wallClock(now: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(now);
  const part = (type: string) => parts.find(p => p.type === type)?.value ?? "";
  return { day: part("weekday").slice(0, 3).toLowerCase() as Weekday, minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
