'use client';

import { useEffect, useRef, useState } from 'react';
import { fitGrid, type GridFit } from './wall-pages';

/** How many tiles of at least minWidth × minHeight fit in the element, following its size. */
export function useGridFit(minWidth: number, minHeight: number, gap: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<GridFit>({ columns: 4, rows: 3, perPage: 12 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const next = fitGrid(r.width, r.height, minWidth, minHeight, gap);
      setFit((f) => (f.columns === next.columns && f.rows === next.rows ? f : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [minWidth, minHeight, gap]);
  return { ref, fit };
}
