import { computeRowWindow } from '@/components/ui/row-window';

/**
 * The overview table's windowing, shared by the table and the server's first rows: past
 * WINDOW_FROM rows only those in view are drawn, and the server sends exactly the rows of the
 * first window (scrolled to the top, before the viewport is measured). Pure.
 */
export const TABLE_WINDOW = {
  /** Past this many rows only those in view are drawn (1000 rows of DOM cost the first paint seconds). */
  from: 80,
  /** A row's height before one is measured (px). */
  rowEstimate: 62,
  overscan: 10,
  /**
   * Before the box is measured (the server's render and hydration) no margin: the first screen is
   * the rows a 900 px box shows, 16, not 26. Rows are most of the first frame's layout and raster
   * (1,713 layout objects with 26; 946 with 16 and one text node per figure); the margin follows in
   * the render after hydration.
   */
  initialOverscan: 0,
  /** The viewport assumed before the box is measured (the server's render). */
  initialViewport: 900,
} as const;

/** How many rows the table draws before it has measured anything: the rows of the first screen. */
export function firstWindowRows(count: number): number {
  if (count <= TABLE_WINDOW.from) return count;
  return computeRowWindow(count, 0, TABLE_WINDOW.initialViewport, TABLE_WINDOW.rowEstimate, TABLE_WINDOW.initialOverscan).end;
}
