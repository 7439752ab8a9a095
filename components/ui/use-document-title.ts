'use client';

import { useEffect } from 'react';

/** Names the browser tab after what the page shows (client-fetched data, so not in static metadata). */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title) document.title = `${title} · vzfleet`;
  }, [title]);
}
