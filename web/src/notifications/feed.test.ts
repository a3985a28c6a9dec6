import { describe, expect, it, vi } from "vitest";
import { event } from "../live/testing";
import type { EventEnvelope } from "../live";
import { NotificationFeed, type FeedFilter } from "./feed";
import type { NotificationDto, NotificationPage } from "./types";

const me = 3;
const t0 = Date.parse("2026-11-23T10:00:00Z");

function notification(id: number, overrides: Partial<NotificationDto> = {}): NotificationDto {
  return {
    id, type: "ticket.assigned", priority: "normal", title: `Notification ${id}`, body: "", entity: "ticket", entityId: 100 + id,
    sourceSeq: id, actorId: 2, createdAt: "2026-11-23T09:00:00Z", readAt: null, snoozedUntil: null, version: 1, ...overrides,
  };
}

/** The server's list: filters, newest first, pages by id. */
function server(rows: NotificationDto[], limit = 50) {
  const fetchPage = vi.fn(async (filter: FeedFilter, before: number | null): Promise<NotificationPage> => {
    const matching = rows
      .filter(n => (!filter.unread || n.readAt === null) && (!filter.type || n.type === filter.type) && (before === null || n.id < before))
      .filter(n => n.snoozedUntil === null || Date.parse(n.snoozedUntil) <= t0)
      .sort((a, b) => b.id - a.id);
    const items = matching.slice(0, limit);
    return { items, nextBefore: matching.length > limit ? items[items.length - 1].id : null };
  });
  return fetchPage;
}

const created = (seq: number, n: NotificationDto): EventEnvelope => event(seq, {
  type: "notification.created", entity: "notification", entityId: n.id, version: 1, actorId: n.actorId,
  changes: { ...n, id: undefined, version: undefined },
});
const changed = (seq: number, type: string, id: number, version: number, changes: Record<string, unknown>) =>
  event(seq, { type: `notification.${type}`, entity: "notification", entityId: id, version, actorId: me, changes });
const readAll = (seq: number, throughId: number) =>
  event(seq, { type: "notification.read_all", entity: "notification_list", entityId: me, version: 0, changes: { count: 1, throughId, readAt: "2026-11-23T10:05:00Z" } });
const cleared = (seq: number, throughId: number) =>
  event(seq, { type: "notification.deleted", entity: "notification_list", entityId: me, version: 0, changes: { cleared: "read", count: 1, throughId } });

async function loaded(rows: NotificationDto[], filter: FeedFilter = {}, pages = 1, limit = 50) {
  const fetchPage = server(rows, limit);
  const feed = new NotificationFeed(fetchPage, filter, pages, () => t0);
  await feed.load();
  return { feed, fetchPage, ids: () => feed.snapshot.items.map(n => n.id) };
}

describe("NotificationFeed", () => {
  it("adds a created notification at the top, once, however often the event comes", async () => {
    const { feed, ids } = await loaded([notification(1), notification(2, { readAt: "2026-11-23T09:30:00Z" })]);
    const third = notification(3, { title: "Mona assigned #1003 to you" });
    feed.apply([created(10, third)]);
    feed.apply([created(10, third)]);
    expect(ids()).toEqual([3, 2, 1]);
    expect(feed.snapshot.items[0]).toMatchObject({ title: "Mona assigned #1003 to you", readAt: null, version: 1 });
  });

  it("counts unread ones from the same rows and events as the list: read, unread, snooze, delete", async () => {
    const { feed, ids } = await loaded([notification(1), notification(2), notification(3)], { unread: true });
    expect(ids()).toEqual([3, 2, 1]);
    feed.apply([changed(11, "read", 2, 2, { readAt: "2026-11-23T10:01:00Z" })]);
    expect(ids()).toEqual([3, 1]);
    feed.apply([changed(12, "unread", 2, 3, { readAt: null })]);
    expect(ids()).toEqual([3, 2, 1]);
    feed.apply([changed(13, "snoozed", 3, 2, { snoozedUntil: "2026-11-23T11:00:00Z" })]);
    expect(ids()).toEqual([2, 1]);
    feed.apply([changed(14, "deleted", 1, 2, {})]);
    expect(ids()).toEqual([2]);
  });

  it("ignores a repeated or older event by version, and never brings a deleted one back", async () => {
    const { feed, ids } = await loaded([notification(1), notification(2)], { unread: true });
    feed.apply([changed(11, "read", 2, 2, { readAt: "2026-11-23T10:01:00Z" }), changed(12, "unread", 2, 3, { readAt: null })]);
    // The read again, late: version 2 is older than the cached 3.
    feed.apply([changed(11, "read", 2, 2, { readAt: "2026-11-23T10:01:00Z" })]);
    expect(ids()).toEqual([2, 1]);
    feed.apply([changed(13, "deleted", 1, 2, {})]);
    feed.apply([created(5, notification(1))]);
    expect(ids()).toEqual([2]);
  });

  it("loads again when an event skips a version (something was missed)", async () => {
    const rows = [notification(1), notification(2)];
    const { feed, fetchPage, ids } = await loaded(rows);
    rows[1] = { ...rows[1], readAt: "2026-11-23T10:02:00Z", version: 3 };
    feed.apply([changed(12, "read", 2, 3, { readAt: "2026-11-23T10:02:00Z" })]);
    await vi.waitFor(() => expect(fetchPage).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(feed.snapshot.items.find(n => n.id === 2)?.readAt).toBe("2026-11-23T10:02:00Z"));
    expect(ids()).toEqual([2, 1]);
  });

  it("marks every one up to throughId read on read_all (each version + 1, as the server does), and not twice", async () => {
    const { feed, ids } = await loaded([notification(1), notification(2), notification(3, { readAt: "2026-11-23T09:00:00Z" })], { unread: true });
    feed.apply([created(10, notification(4))]);
    feed.apply([readAll(11, 2)]);
    expect(ids()).toEqual([4]);
    // The one marked by read_all is at version 2 now, so its later unread (version 3) applies.
    feed.apply([changed(12, "unread", 1, 3, { readAt: null })]);
    expect(ids()).toEqual([4, 1]);
    feed.apply([readAll(11, 2)]);
    expect(ids()).toEqual([4, 1]);
  });

  it("drops read ones up to throughId on a clear, and keeps unread and newer ones", async () => {
    const read = "2026-11-23T09:30:00Z";
    const { feed, ids } = await loaded([notification(1, { readAt: read }), notification(2), notification(3, { readAt: read })]);
    feed.apply([created(10, { ...notification(4) })]);
    feed.apply([cleared(11, 2)]);
    expect(ids()).toEqual([4, 3, 2]);
  });

  it("holds events that arrive during a load and applies them after it by version", async () => {
    const rows = [notification(1), notification(2)];
    let answer!: (page: NotificationPage) => void;
    const fetchPage = vi.fn(() => new Promise<NotificationPage>(resolve => { answer = resolve; }));
    const feed = new NotificationFeed(fetchPage, { unread: true }, 1, () => t0);
    const loading = feed.load();
    // The page was read before the read of 2 and the creation of 3 were committed.
    feed.apply([changed(11, "read", 2, 2, { readAt: "2026-11-23T10:01:00Z" }), created(12, notification(3))]);
    answer({ items: [...rows].reverse(), nextBefore: null });
    await loading;
    expect(feed.snapshot.items.map(n => n.id)).toEqual([3, 1]);
  });

  it("loads again when a read_all arrived during a load (the page may already include it)", async () => {
    const pages: ((page: NotificationPage) => void)[] = [];
    const fetchPage = vi.fn(() => new Promise<NotificationPage>(resolve => pages.push(resolve)));
    const feed = new NotificationFeed(fetchPage, { unread: true }, 1, () => t0);
    const loading = feed.load();
    feed.apply([readAll(11, 2)]);
    pages[0]({ items: [notification(2)], nextBefore: null });
    await vi.waitFor(() => expect(fetchPage).toHaveBeenCalledTimes(2));
    pages[1]({ items: [], nextBefore: null });
    await loading;
    expect(feed.snapshot.items).toEqual([]);
  });

  it("pages older ones in below what is there, and knows when there are no more", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => notification(i + 1));
    const { feed, ids } = await loaded(rows, {}, 1, 2);
    expect(ids()).toEqual([5, 4]);
    expect(feed.snapshot.hasMore).toBe(true);
    await feed.loadMore();
    await feed.loadMore();
    expect(ids()).toEqual([5, 4, 3, 2, 1]);
    expect(feed.snapshot.hasMore).toBe(false);
  });

  it("shows nothing below its window: an event about an older one is not a new row", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => notification(i + 1));
    const { feed, ids } = await loaded(rows, { unread: true }, 1, 2);
    feed.apply([changed(11, "read", 5, 2, { readAt: "2026-11-23T10:01:00Z" }), changed(12, "snoozed", 1, 2, { snoozedUntil: "2026-11-24T08:00:00Z" })]);
    expect(ids()).toEqual([4]);
  });

  it("loads again when one it does not have becomes unread in an unread list", async () => {
    const rows = [notification(1, { readAt: "2026-11-23T09:00:00Z" }), notification(2)];
    const { feed, fetchPage } = await loaded(rows, { unread: true });
    rows[0] = { ...rows[0], readAt: null, version: 2 };
    feed.apply([changed(11, "unread", 1, 2, { readAt: null })]);
    await vi.waitFor(() => expect(feed.snapshot.items.map(n => n.id)).toEqual([2, 1]));
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it("takes this tab's own REST answers, and an event with the same version afterwards is a repeat", async () => {
    const { feed, ids } = await loaded([notification(1), notification(2)], { unread: true });
    feed.accept({ ...notification(2), readAt: "2026-11-23T10:01:00Z", version: 2 });
    expect(ids()).toEqual([1]);
    feed.apply([changed(11, "read", 2, 2, { readAt: "2026-11-23T10:01:00Z" })]);
    feed.forget(1);
    feed.apply([changed(12, "deleted", 1, 2, {})]);
    expect(ids()).toEqual([]);
  });

  it("filters by type, and ignores events of other entities", async () => {
    const { feed, ids } = await loaded([notification(1, { type: "ticket.mentioned" }), notification(2)], { type: "ticket.mentioned" });
    feed.apply([created(10, notification(3, { type: "ticket.mentioned" })), created(11, notification(4)), event(12, { entity: "ticket", entityId: 3, version: 9 })]);
    expect(ids()).toEqual([3, 1]);
  });
});
