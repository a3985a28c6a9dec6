import { useEffect, useRef, useState } from "react";
import { useLiveDesk, useLiveEvents } from "../live";
import type { EventEnvelope } from "../live/types";
import { timeAgo } from "../shared/format";

/** One entry of a contact's or an organization's timeline (docs/api.md, GET /api/contacts/{id}/timeline). */
export interface TimelineItem {
  kind: "ticket" | "conversation" | "lead" | "campaign_mail";
  id: number;
  title: string;
  status: string;
  at: string;
  contactId: number | null;
}

const kindLabels: Record<TimelineItem["kind"], string> = { ticket: "Ticket", conversation: "Conversation", lead: "Lead", campaign_mail: "Campaign mail" };

/**
 * A timeline that stays current: loaded once live, again after a reset, and again (150 ms after the last of a burst)
 * whenever an event concerns it: one that `concerns` says is about its subject, or one about an entry already on it.
 */
export function useLiveTimeline(load: () => Promise<TimelineItem[]>, concerns: (event: EventEnvelope) => boolean, key: string) {
  const client = useLiveDesk();
  const [timeline, setTimeline] = useState<TimelineItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ load, timeline });
  latest.current = { load, timeline };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reload = () => latest.current.load().then(setTimeline, failure => setError(String(failure?.message ?? failure)));

  useEffect(() => {
    setTimeline(null);
    void client.firstLive.then(reload);
    const stopResets = client.onReset(() => void reload());
    return () => { stopResets(); clearTimeout(timer.current); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  useLiveEvents(event => {
    if (concerns(event)) return true;
    const kind = event.entity === "message" ? "conversation" : event.entity;
    const entityId = event.entity === "message" ? Number(event.changes.conversationId) : event.entityId;
    return latest.current.timeline?.some(item => item.kind === kind && item.id === entityId) ?? false;
  }, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void reload(), 150);
  });
  return { timeline, error };
}

export function TimelineList({ timeline, whose }: { timeline: TimelineItem[] | null; whose?: (contactId: number) => string | undefined }) {
  if (timeline === null) return <p className="muted" role="status">Loading timeline…</p>;
  if (timeline.length === 0) return <p className="muted empty">Nothing yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {timeline.map(item => (
        <li key={`${item.kind}-${item.id}-${item.contactId ?? ""}`} data-kind={item.kind} data-id={item.id}>
          <span className="pill">{kindLabels[item.kind]}</span> <strong>{item.title}</strong>
          {whose && item.contactId !== null && whose(item.contactId) && <span className="muted"> · {whose(item.contactId)}</span>}
          <span className="muted"> · {item.status.replace("_", " ")} · {timeAgo(item.at)}</span>
        </li>
      ))}
    </ol>
  );
}
