import type { Notice } from "./notifications";

export interface BellState {
  items: Notice[];
  unread: number;
}

const keep = 30;

/**
 * The notification bell's recent items and unread count. It is kept per user in the browser, so a reload does
 * not lose what arrived (the server-side notification centre is a later issue).
 */
export class Bell {
  private state: BellState;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storageKey: string) {
    this.state = read(storageKey);
  }

  get snapshot() { return this.state; }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  add(notice: Notice) {
    if (this.state.items.some(item => item.seq === notice.seq && item.kind === notice.kind)) return;
    this.update({ items: [notice, ...this.state.items].slice(0, keep), unread: Math.min(keep, this.state.unread + 1) });
  }

  markAllRead() {
    if (this.state.unread > 0) this.update({ ...this.state, unread: 0 });
  }

  private update(next: BellState) {
    this.state = next;
    try { localStorage.setItem(this.storageKey, JSON.stringify(next)); } catch { /* storage full or blocked */ }
    for (const listener of this.listeners) listener();
  }
}

function read(key: string): BellState {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? "null") as BellState | null;
    if (stored && Array.isArray(stored.items) && typeof stored.unread === "number") return stored;
  } catch { /* a corrupt entry starts the bell empty */ }
  return { items: [], unread: 0 };
}
