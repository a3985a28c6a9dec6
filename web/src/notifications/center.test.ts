import { describe, expect, it, vi } from "vitest";
import type { EventEnvelope, LiveDeskClient } from "../live";
import { event } from "../live/testing";
import { NotificationCenter } from "./center";
import type { NotificationDto } from "./types";

const t0 = Date.parse("2026-11-23T10:00:00Z");

function notification(id: number, overrides: Partial<NotificationDto> = {}): NotificationDto {
  return {
    id, type: "ticket.assigned", priority: "urgent", title: `Notification ${id}`, body: "", entity: "ticket", entityId: 100 + id,
    sourceSeq: id, actorId: 2, createdAt: "2026-11-23T10:00:00Z", readAt: null, snoozedUntil: null, version: 1, ...overrides,
  };
}
const created = (seq: number, n: NotificationDto): EventEnvelope =>
  event(seq, { type: "notification.created", entity: "notification", entityId: n.id, version: 1, changes: { ...n } });

/** Just enough of LiveDeskClient: its REST client answering from `rows`, and its event and reset listeners. */
function fakeClient(rows: NotificationDto[]) {
  const listeners = { events: new Set<(e: EventEnvelope[]) => void>(), resets: new Set<() => void>() };
  const request = vi.fn(async (method: string, path: string) => {
    if (path.startsWith("/api/notifications?")) {
      const unread = path.includes("unread=true");
      return { items: rows.filter(n => !unread || n.readAt === null).sort((a, b) => b.id - a.id), nextBefore: null };
    }
    if (path === "/api/me/notification-preferences") return { types: {}, quietHours: null, doNotDisturbUntil: null, version: 2 };
    throw new Error(`unexpected ${method} ${path}`);
  });
  const client = {
    api: { request },
    firstLive: Promise.resolve(),
    connection: { status: { state: "live" } },
    onEvents: (l: (e: EventEnvelope[]) => void) => { listeners.events.add(l); return () => listeners.events.delete(l); },
    onReset: (l: () => void) => { listeners.resets.add(l); return () => listeners.resets.delete(l); },
  };
  const emit = (...events: EventEnvelope[]) => { for (const l of listeners.events) l(events); };
  return { client: client as unknown as LiveDeskClient, state: client.connection.status, emit, request, resets: listeners.resets };
}

async function started(rows: NotificationDto[]) {
  const fake = fakeClient(rows);
  const center = new NotificationCenter(fake.client, () => t0);
  center.start();
  await vi.waitFor(() => expect(center.recent.snapshot.loaded && center.unread.snapshot.loaded && center.preferences).toBeTruthy());
  return { center, ...fake };
}

describe("NotificationCenter", () => {
  it("the badge is the number of unread ones, kept by the same events as the lists", async () => {
    const { center, emit } = await started([notification(1), notification(2, { readAt: "2026-11-23T09:00:00Z" })]);
    expect(center.unreadCount).toEqual({ count: 1, exact: true });
    emit(created(10, notification(3)));
    expect(center.unreadCount.count).toBe(2);
    expect(center.recent.snapshot.items.map(n => n.id)).toEqual([3, 2, 1]);
    emit(event(11, { type: "notification.read_all", entity: "notification_list", entityId: 3, version: 0, changes: { count: 2, throughId: 3, readAt: "2026-11-23T10:05:00Z" } }));
    expect(center.unreadCount.count).toBe(0);
    expect(center.recent.snapshot.items.every(n => n.readAt !== null)).toBe(true);
  });

  it("presents what arrives while live and is still unread after its batch; not what a reconnect replays", async () => {
    const { center, emit, state } = await started([]);
    const arrived: number[] = [];
    center.onArrival(n => arrived.push(n.id));
    emit(created(10, notification(1)));
    emit(created(11, notification(2)), event(12, { type: "notification.read", entity: "notification", entityId: 2, version: 2, changes: { readAt: "2026-11-23T10:00:01Z" } }));
    state.state = "reconnecting";
    emit(created(13, notification(3)));
    expect(arrived).toEqual([1]);
    expect(center.unreadCount.count).toBe(2);
  });

  it("follows preference changes by version and loads everything again after a reset", async () => {
    const { center, emit, request, resets } = await started([notification(1)]);
    const prefs = (version: number, until: string | null) => event(20 + version, {
      type: "notification_preferences.updated", entity: "notification_preferences", entityId: 3, version,
      changes: { types: {}, quietHours: null, doNotDisturbUntil: until },
    });
    emit(prefs(3, "2026-11-23T11:00:00Z"));
    emit(prefs(2, null));
    expect(center.preferences).toMatchObject({ version: 3, doNotDisturbUntil: "2026-11-23T11:00:00Z" });
    const calls = request.mock.calls.length;
    for (const reset of resets) reset();
    await vi.waitFor(() => expect(request.mock.calls.length).toBe(calls + 3)); // the two lists and the preferences
  });
});
