/** Number and duration wording shared by the verdicts. Pure. */

/** 0.984 → "98 %", 2.4 → "240 %", 0.0004 → "<0.1 %". */
export function sharePercent(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return '<0.1 %';
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)} %`;
}

/** 95 s → "2 minutes", 25 min → "25 minutes", 3 h 10 min → "3 hours", 50 h → "2 days". */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} minutes`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

/** "14:02 UTC" on the same day as `now`, else "2025-01-03 14:02 UTC": a ticket outlives the page. */
export function clockText(at: Date, now: Date): string {
  const iso = at.toISOString();
  const sameDay = iso.slice(0, 10) === now.toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

export function timesText(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
