/** Words of the wall's alarm lines, short enough to read across the room. Pure: the caller passes now. */

/** "for 25 min", "for 3 h 10 min", "for 2 days": how long an incident has been open. */
export function openForText(openedAtMs: number, nowMs: number): string {
  const min = Math.max(0, Math.floor((nowMs - openedAtMs) / 60_000));
  if (min < 1) return 'just now';
  if (min < 60) return `for ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `for ${h} h` : `for ${h} h ${min % 60} min`;
  return `for ${Math.floor(h / 24)} days`;
}

/** "and 7 more open" under the list, or null when everything open is shown. */
export function moreOpenText(open: number, shown: number): string | null {
  const more = open - shown;
  return more > 0 ? `and ${more} more open` : null;
}

/** Who has it, in one word: the room sees at a glance whether anyone is on it. */
export function takenText(i: { acknowledged: boolean; silenced: boolean }): string | null {
  if (i.acknowledged && i.silenced) return 'acknowledged, silenced';
  if (i.acknowledged) return 'acknowledged';
  if (i.silenced) return 'silenced';
  return null;
}
