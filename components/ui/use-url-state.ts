'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useSyncExternalStore } from 'react';

type Reader = { get(name: string): string | null };

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/**
 * Rewrites the query string of the current history entry without telling Next's router.
 *
 * Handing Next a plain replaceState makes it "restore" the entry, which may fetch the route again;
 * when a second change followed within that fetch (sort, then a filter typed right after), the
 * first fetch's answer landed last and Next wrote its older URL back: the filter vanished from
 * the address bar and from a reload (caught by the e2e run, 2 reloads in 40). Keeping the entry's
 * own state, which carries Next's marker, makes its patched replaceState pass the call straight
 * through, and back/forward still restore the entry with its URL. The entry keeps the tree the
 * server rendered for the page's first query: these views fetch their data from the browser, and
 * the one first screen that depends on the query (the overview's head) is keyed by it and not
 * shown under another.
 */
function replaceSearch(search: string): void {
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  for (const listener of listeners) listener();
}

/**
 * State that lives in the query string, so a view can be shared as a link. The server render
 * reads Next's search params; in the browser the address bar is the truth (Next's copy is not
 * told about our rewrites, see replaceSearch), re-read on every render and on back/forward.
 */
export function useUrlState<T>(parse: (sp: Reader) => T, serialize: (value: T) => string): [T, (patch: Partial<T>) => void] {
  // Still subscribed to Next's params: a navigation to this view with another query re-renders it.
  const serverSearch = useSearchParams().toString();
  const search = useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => (serverSearch ? `?${serverSearch}` : ''),
  );
  const state = useMemo(() => parse(new URLSearchParams(search)), [search, parse]);
  const update = useCallback(
    (patch: Partial<T>) => {
      const current = parse(new URLSearchParams(window.location.search));
      replaceSearch(serialize({ ...current, ...patch }));
    },
    [parse, serialize],
  );
  return [state, update];
}
