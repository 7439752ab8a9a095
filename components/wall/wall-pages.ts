/** How many tiles fit on the screen, in which order, and which ones a page shows. Pure. */

export interface GridFit {
  columns: number;
  rows: number;
  perPage: number;
}

/** Columns and rows of tiles at least minWidth × minHeight (plus gap) in the given area. */
export function fitGrid(width: number, height: number, minWidth: number, minHeight: number, gap: number): GridFit {
  const columns = Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
  const rows = Math.max(1, Math.floor((height + gap) / (minHeight + gap)));
  return { columns, rows, perPage: columns * rows };
}

// One collator, not localeCompare with options (a new collator per call: slow for 1000 tiles).
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** The wall's order: the worst level first, then by name. */
export const worstFirst = (a: { name: string; status: { severity: number } }, b: { name: string; status: { severity: number } }): number =>
  b.status.severity - a.status.severity || byName(a.name, b.name);

/** The newest figures' time among the nodes (epoch ms), 0 when nothing was ever collected. */
export function newestCollectedMs(nodes: readonly { collectedAtMs: number | null }[]): number {
  let newest = 0;
  for (const n of nodes) newest = Math.max(newest, n.collectedAtMs ?? 0);
  return newest;
}

export function pageCount(items: number, perPage: number): number {
  return Math.max(1, Math.ceil(items / Math.max(1, perPage)));
}

export function pageSlice<T>(items: readonly T[], page: number, perPage: number): T[] {
  const pages = pageCount(items.length, perPage);
  const p = ((page % pages) + pages) % pages;
  return items.slice(p * perPage, (p + 1) * perPage);
}

/** Seconds-level wording for the big "data X old" line: "4 s", "2 min 5 s", "1 h 3 min". */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export type Freshness = 'fresh' | 'late' | 'stale';

/**
 * The screen's newest figures against the fleet's stale line (the shortest of the nodes' lines,
 * each a few of that node's poll intervals): amber from half of it, red past it. A frozen screen
 * must not look healthy, and a fleet polled every 5 min must not look frozen after 2.
 */
export function freshnessOf(ageMs: number, staleAfterMs: number): Freshness {
  return ageMs > staleAfterMs ? 'stale' : ageMs > staleAfterMs / 2 ? 'late' : 'fresh';
}

/** The fleet's stale line for the wall's "data X old": the shortest node line, 2 min without nodes. */
export function fleetStaleAfterMs(nodes: readonly { status: { staleAfterMs: number } }[]): number {
  return nodes.length === 0 ? 120_000 : Math.min(...nodes.map((n) => n.status.staleAfterMs));
}
