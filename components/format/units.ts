/** Pure number → text formatting in the units people think in. Inputs are numbers, never strings. */

const PAGE_BYTES = 4096;
const KIB = 1024;
const MIB = 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

export function pagesToMiB(pages: number): number {
  return (pages * PAGE_BYTES) / MIB;
}

export function formatMiB(mib: number): string {
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

/** Bytes as KiB below 1 MiB, else MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < MIB) return `${(bytes / KIB).toFixed(bytes < 10 * KIB ? 1 : 0)} KiB`;
  return formatMiB(bytes / MIB);
}

export function kibToGiB(kib: number): number {
  return (kib * KIB) / GIB;
}

export function kibToGiBText(kib: number): string {
  return `${kibToGiB(kib).toFixed(2)} GiB`;
}

/** Share of `whole`, or null when there is no meaningful whole (unlimited or zero). */
export function percentOf(part: number, whole: number | null): number | null {
  if (whole === null || whole <= 0) return null;
  return (part / whole) * 100;
}

export function formatPercent(pct: number): string {
  if (pct > 0 && pct < 0.1) return '<0.1 %';
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)} %`;
}

export function formatCount(n: number): string {
  return String(n);
}
