import { describe, expect, it } from "vitest";
import { doNotDisturbChoices, snoozeChoices } from "./choices";
import { changeFrom, draftFrom } from "./preferencesDraft";
import type { NotificationPreferences } from "./types";

const saved: NotificationPreferences = {
  types: {
    "ticket.assigned": { inApp: true, desktop: true, email: false },
    "ticket.reply": { inApp: true, desktop: false, email: false, scope: "mine" },
  },
  quietHours: null, doNotDisturbUntil: "2026-11-23T09:00:00Z", version: 4,
};
const now = new Date("2026-11-23T10:00:00Z");

describe("the preferences form", () => {
  it("sends only the types the user changed, so untouched ones keep following the defaults", () => {
    const draft = draftFrom(saved, "Europe/Berlin");
    draft.types = { ...draft.types, "ticket.reply": { ...draft.types["ticket.reply"], email: true, scope: "teams" } };
    expect(changeFrom(draft, saved, now).types).toEqual({ "ticket.reply": { inApp: true, desktop: false, email: true, scope: "teams" } });
  });

  it("offers quiet hours in the browser's time zone, and sends null while they are off", () => {
    const draft = draftFrom(saved, "Europe/Berlin");
    expect(draft.quiet).toMatchObject({ start: "22:00", end: "07:00", timeZone: "Europe/Berlin" });
    expect(changeFrom(draft, saved, now).quietHours).toBeNull();
    expect(changeFrom({ ...draft, quietOn: true }, saved, now).quietHours).toMatchObject({ timeZone: "Europe/Berlin" });
  });

  it("sends a do-not-disturb that already ran out as off (the server refuses the past)", () => {
    const draft = draftFrom(saved, "UTC");
    expect(changeFrom(draft, saved, now).doNotDisturbUntil).toBeNull();
    expect(changeFrom({ ...draft, doNotDisturbUntil: "2026-11-23T11:00:00Z" }, saved, now).doNotDisturbUntil).toBe("2026-11-23T11:00:00Z");
  });

  it("snooze and do-not-disturb choices: an hour from now, and tomorrow at 9:00 on the browser's clock", () => {
    const local = new Date(2026, 10, 23, 17, 45);
    const [hour, tomorrow] = snoozeChoices(local);
    expect(hour.until.getTime() - local.getTime()).toBe(3_600_000);
    expect([tomorrow.until.getDate(), tomorrow.until.getHours(), tomorrow.until.getMinutes()]).toEqual([24, 9, 0]);
    expect(doNotDisturbChoices(local).map(c => c.label)).toEqual(["1 hour", "Until tomorrow 9:00"]);
  });
});
