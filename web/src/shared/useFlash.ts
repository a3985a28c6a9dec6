import { useEffect, useRef, useState } from "react";
import { useLiveEvents, type EventEnvelope } from "../live";

const flashMs = 2500;

/**
 * Which items changed a moment ago, for a brief highlight. The value alternates between two classes so that a
 * second change to the same row restarts the animation.
 */
export function useFlash(pick: (event: EventEnvelope) => number | null): (id: number) => string {
  const [flashes, setFlashes] = useState<ReadonlyMap<number, number>>(new Map());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useLiveEvents(event => pick(event) !== null, event => {
    const id = pick(event)!;
    setFlashes(current => new Map(current).set(id, (current.get(id) ?? 0) + 1));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFlashes(current => {
        const next = new Map(current);
        next.delete(id);
        return next;
      });
    }, flashMs);
    timers.current.add(timer);
  });

  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  return id => {
    const count = flashes.get(id);
    return count === undefined ? "" : count % 2 ? "flash-a" : "flash-b";
  };
}
