import { describe, expect, it } from "vitest";
import { desktopAllowed, inQuietHours, presentationFor, wallClock, type PresentationContext } from "./presentation";
import type { NotificationDto, NotificationPreferences, NotificationPriority, QuietHours } from "./types";

const n = (priority: NotificationPriority, type = "ticket.assigned"): NotificationDto => ({
  id: 1, type, priority, title: "Mona assigned #1001 to you", body: "", entity: "ticket", entityId: 1, sourceSeq: 10,
  actorId: 2, createdAt: "2026-11-23T10:00:00Z", readAt: null, snoozedUntil: null, version: 1,
});
const preferences = (change: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  types: { "ticket.assigned": { inApp: true, desktop: true, email: false }, "ticket.reply": { inApp: true, desktop: false, email: false, scope: "mine" } },
  quietHours: null, doNotDisturbUntil: null, version: 1, ...change,
});
// Berlin is UTC+1 in November: 21:30Z is 22:30 there, on a Monday (2026-11-23).
const mondayNightBerlin = new Date("2026-11-23T21:30:00Z");
const quiet: QuietHours = { start: "22:00", end: "07:00", timeZone: "Europe/Berlin", days: ["mon"], urgentBreaksThrough: false };
const context = (change: Partial<PresentationContext> = {}): PresentationContext => ({
  now: new Date("2026-11-23T10:00:00Z"), hidden: true, permission: "granted", preferences: preferences(), onScreen: false, ...change,
});

describe("presentationFor: priority decides", () => {
  it("urgent and high: a desktop notification in a hidden tab, plus a toast", () => {
    expect(presentationFor(n("urgent"), context())).toEqual({ toast: true, desktop: true });
    expect(presentationFor(n("high"), context())).toEqual({ toast: true, desktop: true });
  });

  it("normal: a toast only; low: nothing but the badge", () => {
    expect(presentationFor(n("normal"), context())).toEqual({ toast: true, desktop: false });
    expect(presentationFor(n("low"), context())).toEqual({ toast: false, desktop: false });
  });

  it("no desktop notification in a visible tab, without permission, or before the preferences are known", () => {
    expect(presentationFor(n("urgent"), context({ hidden: false })).desktop).toBe(false);
    expect(presentationFor(n("urgent"), context({ permission: "default" })).desktop).toBe(false);
    expect(presentationFor(n("urgent"), context({ permission: "denied" })).desktop).toBe(false);
    expect(presentationFor(n("urgent"), context({ preferences: null })).desktop).toBe(false);
  });

  it("no toast about what is open on screen already", () => {
    expect(presentationFor(n("normal"), context({ onScreen: true })).toast).toBe(false);
  });

  it("follows the type's desktop channel", () => {
    expect(presentationFor(n("high", "ticket.reply"), context()).desktop).toBe(false);
    expect(presentationFor(n("high", "announcement"), context()).desktop).toBe(false);
  });
});

describe("quiet hours and do-not-disturb", () => {
  it("reads the wall clock of the user's time zone, not the browser's", () => {
    expect(wallClock(mondayNightBerlin, "Europe/Berlin")).toEqual({ day: "mon", minutes: 22 * 60 + 30 });
    expect(wallClock(mondayNightBerlin, "America/New_York")).toEqual({ day: "mon", minutes: 16 * 60 + 30 });
    expect(wallClock(new Date("2026-11-23T23:30:00Z"), "Asia/Tokyo")).toEqual({ day: "tue", minutes: 8 * 60 + 30 });
  });

  it("an overnight quiet time starts on its day and runs into the next morning", () => {
    expect(inQuietHours(quiet, mondayNightBerlin)).toBe(true);
    expect(inQuietHours(quiet, new Date("2026-11-24T05:59:00Z"))).toBe(true); // Tuesday 06:59 Berlin
    expect(inQuietHours(quiet, new Date("2026-11-24T06:00:00Z"))).toBe(false); // Tuesday 07:00: over
    expect(inQuietHours(quiet, new Date("2026-11-24T21:30:00Z"))).toBe(false); // Tuesday night: not a quiet day
    expect(inQuietHours(quiet, new Date("2026-11-23T05:00:00Z"))).toBe(false); // Monday 06:00 came from Sunday night
    expect(inQuietHours({ ...quiet, timeZone: "America/New_York" }, mondayNightBerlin)).toBe(false);
  });

  it("a daytime quiet time covers start to end on its days", () => {
    const lunch: QuietHours = { ...quiet, start: "12:00", end: "13:00", days: ["mon", "tue"] };
    expect(inQuietHours(lunch, new Date("2026-11-23T11:15:00Z"))).toBe(true); // Monday 12:15 Berlin
    expect(inQuietHours(lunch, new Date("2026-11-23T12:00:00Z"))).toBe(false); // 13:00
    expect(inQuietHours(lunch, new Date("2026-11-28T11:15:00Z"))).toBe(false); // Saturday
  });

  it("holds desktop notifications in quiet hours; an urgent one breaks through only when allowed", () => {
    const during = (urgentBreaksThrough: boolean) => preferences({ quietHours: { ...quiet, urgentBreaksThrough } });
    expect(desktopAllowed(n("high"), during(true), mondayNightBerlin)).toBe(false);
    expect(desktopAllowed(n("urgent"), during(false), mondayNightBerlin)).toBe(false);
    expect(desktopAllowed(n("urgent"), during(true), mondayNightBerlin)).toBe(true);
    expect(desktopAllowed(n("high"), during(false), new Date("2026-11-23T10:00:00Z"))).toBe(true);
  });

  it("holds every desktop notification during do-not-disturb, urgent too, until it ends", () => {
    const dnd = preferences({ doNotDisturbUntil: "2026-11-23T11:00:00Z", quietHours: { ...quiet, urgentBreaksThrough: true } });
    expect(desktopAllowed(n("urgent"), dnd, new Date("2026-11-23T10:59:00Z"))).toBe(false);
    expect(desktopAllowed(n("urgent"), dnd, new Date("2026-11-23T11:00:01Z"))).toBe(true);
  });
});
