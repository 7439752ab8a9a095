/**
 * Which rows of a long list to draw: those in the scrolled viewport plus a margin, and the heights
 * of the empty space standing in for the rest. Pure; rows are taken to share one (measured) height.
 */
export interface RowWindow {
  start: number;
  end: number;
  /** Pixels above the first drawn row and below the last one. */
  top: number;
  bottom: number;
}

export function computeRowWindow(count: number, scrollTop: number, viewportHeight: number, rowHeight: number, overscan: number): RowWindow {
  const h = Math.max(1, rowHeight);
  const first = Math.floor(Math.max(0, scrollTop) / h);
  const visible = Math.ceil(Math.max(0, viewportHeight) / h) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, first + visible + overscan));
  return { start, end, top: start * h, bottom: (count - end) * h };
}
