'use client';

import { useEffect, useRef, useState } from 'react';
import { fitGrid, type GridFit } from './wall-pages';

/** Before the first measure (the server's render): a guess of how many tiles fit. */
const GUESS: GridFit = { columns: 4, rows: 3, perPage: 12 };

/**
 * How many tiles of at least minWidth × minHeight fit in the element, following its size.
 * `measured` is false until the element was measured: the server renders the first tiles with the
 * guess, and the grid then lets CSS choose the columns (auto-fill gives the same count fitGrid
 * computes), so the measure only adds tiles below and nothing moves sideways.
 */
export function useGridFit(minWidth: number, minHeight: number, gap: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<GridFit | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const next = fitGrid(r.width, r.height, minWidth, minHeight, gap);
      setMeasured((f) => (f && f.columns === next.columns && f.rows === next.rows ? f : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [minWidth, minHeight, gap]);
  return { ref, fit: measured ?? GUESS, measured: measured !== null };
}
