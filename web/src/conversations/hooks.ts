import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, useLiveDesk, useLiveEvents } from "../live";
import { EntityList } from "../live/entityList";
import { useLiveList } from "../live/hooks";
import { conversationsApi } from "./api";
import type { ConversationDto, MessageDto } from "./types";

/** The inbox (archived = false) or the archive, live: archiving moves a conversation from one to the other. */
export function useConversations(archived: boolean) {
  const client = useLiveDesk();
  const api = useMemo(() => conversationsApi(client.api), [client]);
  const list = useMemo(() => new EntityList<ConversationDto>("conversation",
    () => api.all(archived),
    id => api.get(id).catch(error => {
      if (error instanceof ApiError && error.isNotFound) return null;
      throw error;
    }),
    conversation => conversation.archived === archived), [api, archived]);
  const snapshot = useLiveList(list);
  return { ...snapshot, list, api };
}

/** One conversation's messages, oldest first: loaded once live, then appended from message.created. While open, the
 * connection is in the conversation's room. */
export function useMessages(conversationId: number) {
  const client = useLiveDesk();
  const api = useMemo(() => conversationsApi(client.api), [client]);
  const [messages, setMessages] = useState<MessageDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Messages that arrive live while the list is still loading: merged into it when it comes, so none is lost.
  const early = useRef<MessageDto[]>([]);
  const add = (message: MessageDto) => setMessages(current => {
    if (current === null) {
      early.current.push(message);
      return current;
    }
    return current.some(m => m.id === message.id) ? current : [...current, message].sort((a, b) => a.id - b.id);
  });

  useEffect(() => client.connection.join(`conversation:${conversationId}`), [client, conversationId]);
  useEffect(() => {
    let cancelled = false;
    setMessages(null);
    early.current = [];
    const load = () => client.firstLive.then(() => api.messages(conversationId)).then(
      loaded => {
        if (cancelled) return;
        const known = new Set(loaded.map(m => m.id));
        setMessages([...loaded, ...early.current.filter(m => !known.has(m.id))].sort((a, b) => a.id - b.id));
        early.current = [];
      },
      failure => { if (!cancelled) setError(failure instanceof Error ? failure.message : String(failure)); });
    void load();
    const stopResets = client.onReset(() => void load());
    return () => { cancelled = true; stopResets(); };
  }, [api, client, conversationId]);
  useLiveEvents(
    event => event.type === "message.created" && event.changes.conversationId === conversationId,
    event => add({ id: event.entityId, ...(event.changes as Omit<MessageDto, "id">) }));
  return { messages, error, add, api };
}

const typingInterval = 2_000; // the server relays at most one per 2 s per connection; sending more is waste

/** Who else is typing in a conversation (ephemeral signals, never stored), and `typed()` to say that I am. Someone
 * stops typing when their signal's time runs out or their message arrives. */
export function useTyping(conversationId: number) {
  const client = useLiveDesk();
  const room = `conversation:${conversationId}`;
  const [until, setUntil] = useState<Map<number, number>>(new Map());
  const lastSent = useRef(0);

  useEffect(() => client.connection.onSignal(signal => {
    if (signal.room !== room || signal.name !== "typing") return;
    setUntil(current => new Map(current).set(signal.userId, Date.now() + signal.ttlMs));
  }), [client, room]);
  useLiveEvents(
    event => event.type === "message.created" && event.changes.conversationId === conversationId,
    event => setUntil(current => {
      const next = new Map(current);
      next.delete(Number(event.changes.authorId));
      return next;
    }));
  // Drop what has expired, at the moment the next one does.
  useEffect(() => {
    if (until.size === 0) return;
    const next = Math.min(...until.values());
    const timer = setTimeout(() => setUntil(current => new Map([...current].filter(([, end]) => end > Date.now()))),
      Math.max(0, next - Date.now()) + 10);
    return () => clearTimeout(timer);
  }, [until]);

  const typed = () => {
    const now = Date.now();
    if (now - lastSent.current < typingInterval) return;
    lastSent.current = now;
    client.connection.signal(room, "typing");
  };
  return { typers: [...until.keys()], typed };
}
