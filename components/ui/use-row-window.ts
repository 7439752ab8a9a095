'use client';

import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { computeRowWindow, type RowWindow } from './row-window';

const useIsoLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Windowing for a long table inside a scrolling box (`ref`): follows the box's scroll and size and
 * the measured row height. Off (every row drawn) when `enabled` is false, e.g. for short lists.
 */
export function useRowWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  opts: { estimate: number; overscan: number; enabled: boolean; initialViewport?: number; initialOverscan?: number },
): RowWindow & { measure: (rows: HTMLElement | null) => void } {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(opts.initialViewport ?? 900);
  const [rowHeight, setRowHeight] = useState(opts.estimate);
  // Until the box has been read (server render, hydration) the window is initialOverscan's.
  const [measured, setMeasured] = useState(false);

  useIsoLayoutEffect(() => {
    const el = ref.current;
    if (!el || !opts.enabled) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setScrollTop(el.scrollTop);
      setViewport(el.clientHeight || window.innerHeight);
      setMeasured(true);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref, opts.enabled]);

  /** The drawn rows' mean height (rows differ a little: tags, an error line). */
  const measure = useCallback((rows: HTMLElement | null) => {
    if (!rows) return;
    let total = 0;
    let n = 0;
    for (const tr of Array.from(rows.children) as HTMLElement[]) {
      if (tr.dataset.spacer !== undefined) continue;
      total += tr.offsetHeight;
      n++;
    }
    if (n > 0) {
      const mean = total / n;
      setRowHeight((h) => (Math.abs(h - mean) > 1 ? mean : h));
    }
  }, []);

  if (!opts.enabled) return { start: 0, end: count, top: 0, bottom: 0, measure };
  const overscan = measured ? opts.overscan : (opts.initialOverscan ?? opts.overscan);
  return { ...computeRowWindow(count, scrollTop, viewport, rowHeight, overscan), measure };
}
