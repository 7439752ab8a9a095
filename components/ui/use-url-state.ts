'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

type Reader = { get(name: string): string | null };

/**
 * State that lives in the query string, so a view can be shared as a link. Updates replace the
 * history entry through the native History API, which Next's router follows without a server
 * round trip. The state passed must be null: Next ignores calls whose state carries its own markers.
 */
export function useUrlState<T>(parse: (sp: Reader) => T, serialize: (value: T) => string): [T, (patch: Partial<T>) => void] {
  const sp = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parse(sp), [sp, parse]);
  const update = useCallback(
    (patch: Partial<T>) => {
      const current = parse(new URLSearchParams(window.location.search));
      window.history.replaceState(null, '', `${pathname}${serialize({ ...current, ...patch })}`);
    },
    [parse, serialize, pathname],
  );
  return [state, update];
}
