import { describe, expect, it } from "vitest";
import { EventSequencer } from "./sequencer";
import { epoch, event } from "./testing";

const seqs = (events: { seq: number }[]) => events.map(e => e.seq);

function liveFrom(head: number) {
  const sequencer = new EventSequencer();
  sequencer.beginResume();
  sequencer.completeResume({ recovered: true, head, epoch });
  return sequencer;
}

describe("EventSequencer", () => {
  it("hands out a live batch in seq order, whatever order it arrived in", () => {
    const sequencer = liveFrom(10);
    const outcome = sequencer.receive([event(14), event(11), event(12)]);
    expect(seqs(outcome.events)).toEqual([11, 12, 14]);
    expect(sequencer.cursor).toEqual({ seq: 14, epoch });
  });

  it("drops duplicates and anything at or below the cursor", () => {
    const sequencer = liveFrom(10);
    expect(seqs(sequencer.receive([event(11), event(12)]).events)).toEqual([11, 12]);
    expect(seqs(sequencer.receive([event(12), event(9), event(11), event(13)]).events)).toEqual([13]);
    expect(seqs(sequencer.receive([event(13)]).events)).toEqual([]);
  });

  it("holds live events during a Resume and merges them with the replay in seq order, without duplicates", () => {
    const sequencer = liveFrom(10);
    const cursor = sequencer.beginResume();
    expect(cursor).toEqual({ seq: 10, epoch });
    // A live event overtakes the replay; then the replay arrives, including that same event again.
    expect(sequencer.receive([event(15)]).events).toEqual([]);
    sequencer.receive([event(11), event(13), event(15)]);
    const outcome = sequencer.completeResume({ recovered: true, head: 15, epoch });
    expect(outcome.reset).toBe(false);
    expect(seqs(outcome.events)).toEqual([11, 13, 15]);
    expect(sequencer.cursor).toEqual({ seq: 15, epoch });
  });

  it("moves a quiet client's cursor to head after a recovered Resume", () => {
    const sequencer = liveFrom(10);
    sequencer.beginResume();
    const outcome = sequencer.completeResume({ recovered: true, head: 40, epoch });
    expect(outcome.events).toEqual([]);
    expect(sequencer.cursor).toEqual({ seq: 40, epoch });
    expect(seqs(sequencer.receive([event(39), event(41)]).events)).toEqual([41]);
  });

  it("on a first start keeps only buffered events newer than head: REST covers the rest", () => {
    const sequencer = new EventSequencer();
    expect(sequencer.beginResume()).toBeNull();
    sequencer.receive([event(7), event(9)]);
    const outcome = sequencer.completeResume({ recovered: true, head: 8, epoch });
    expect(outcome.reset).toBe(false);
    expect(seqs(outcome.events)).toEqual([9]);
  });

  it("on reset drops buffered events up to head, keeps newer ones and reports it", () => {
    const sequencer = liveFrom(10);
    sequencer.beginResume();
    sequencer.receive([event(95), event(120), event(101)]);
    const outcome = sequencer.completeResume({ recovered: false, head: 100, epoch });
    expect(outcome.reset).toBe(true);
    expect(outcome.epochChanged).toBe(false);
    expect(seqs(outcome.events)).toEqual([101, 120]);
    expect(sequencer.cursor).toEqual({ seq: 120, epoch });
  });

  it("reports a changed epoch on reset, and ignores buffered events of the old epoch", () => {
    const sequencer = liveFrom(10);
    sequencer.beginResume();
    sequencer.receive([event(11), event(3, { epoch: "e2" })]);
    const outcome = sequencer.completeResume({ recovered: false, head: 2, epoch: "e2" });
    expect(outcome).toMatchObject({ reset: true, epochChanged: true });
    expect(outcome.events.map(e => [e.seq, e.epoch])).toEqual([[3, "e2"]]);
    expect(sequencer.cursor).toEqual({ seq: 3, epoch: "e2" });
  });

  it("asks for a Resume when a live event comes from another epoch, and does not apply it", () => {
    const sequencer = liveFrom(10);
    const outcome = sequencer.receive([event(11), event(12, { epoch: "other" })]);
    expect(seqs(outcome.events)).toEqual([11]);
    expect(outcome.needsResume).toBe(true);
    expect(sequencer.cursor).toEqual({ seq: 11, epoch });
  });

  it("discards the buffer when a Resume fails, so the cursor never skips what the replay did not deliver", () => {
    const sequencer = liveFrom(10);
    sequencer.beginResume();
    sequencer.receive([event(20)]);
    sequencer.abortResume();
    expect(sequencer.cursor).toEqual({ seq: 10, epoch });
    // The next Resume starts from the same cursor and delivers 11..20 in order.
    sequencer.beginResume();
    sequencer.receive([event(11), event(20)]);
    expect(seqs(sequencer.completeResume({ recovered: true, head: 20, epoch }).events)).toEqual([11, 20]);
  });
});
