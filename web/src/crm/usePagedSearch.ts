import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../live";
import { EntityList, type Versioned } from "../live/entityList";
import { useLiveList } from "../live/hooks";

/** A page of a CRM list as the server returns it (newest first; pass nextBefore as `before` for the next). */
export interface CrmPage<T> {
  items: T[];
  total: number;
  nextBefore: number | null;
  /** True when there are more than `total` (10,000) matches. */
  totalCapped?: boolean;
}

export interface PagedSearchApi<T> {
  page: (q: string, before: number | null) => Promise<CrmPage<T>>;
  get: (id: number) => Promise<T>;
}

/**
 * A searchable, paged CRM list that stays live (contacts, organizations): what is typed is searched 300 ms after the
 * last key, the first page loads and later pages append, and live events patch, add and drop items by the list's
 * rule. `matches` says whether an item belongs under the current search; `api` must be stable (memoized).
 */
export function usePagedSearch<T extends Versioned>(entity: string, api: PagedSearchApi<T>, matches: (item: T, q: string) => boolean) {
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim().toLowerCase()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const next = useRef<number | null>(null);
  const [total, setTotal] = useState<string | null>(null);
  const latestMatches = useRef(matches);
  latestMatches.current = matches;
  const list = useMemo(() => new EntityList<T>(entity,
    async () => {
      const page = await api.page(q, null);
      next.current = page.nextBefore;
      setTotal(`${page.total.toLocaleString()}${page.totalCapped ? "+" : ""}`);
      return page.items;
    },
    id => api.get(id).catch(error => { if (error instanceof ApiError && error.isNotFound) return null; throw error; }),
    item => latestMatches.current(item, q)), [entity, api, q]);
  const { items, loaded, error } = useLiveList(list);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await api.page(q, next.current);
      next.current = page.nextBefore;
      list.append(page.items);
    } finally {
      setLoadingMore(false);
    }
  };
  return { typed, setTyped, items, loaded, error, total, hasMore: next.current !== null, loadingMore, loadMore };
}
