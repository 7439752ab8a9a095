/**
 * When a silence ends, from the preset an operator picked: 1 h, 4 h, 24 h, or a date and time they
 * typed (a datetime-local value, read in the browser's time zone). Pure: the caller passes now.
 */

export const SILENCE_PRESETS = ['1h', '4h', '24h', 'date'] as const;
export type SilencePreset = (typeof SILENCE_PRESETS)[number];

export const SILENCE_PRESET_LABEL: Record<SilencePreset, string> = { '1h': '1 hour', '4h': '4 hours', '24h': '24 hours', date: 'until a date' };

/** The server's own bound (server/alarms/incidents.ts): said here first so the form can tell at once. */
export const MAX_SILENCE_DAYS = 30;

const HOURS: Record<Exclude<SilencePreset, 'date'>, number> = { '1h': 1, '4h': 4, '24h': 24 };

export type SilenceUntil = { ok: true; until: Date } | { ok: false; reason: string };

export function silenceUntil(preset: SilencePreset, now: Date, dateText = ''): SilenceUntil {
  if (preset !== 'date') return { ok: true, until: new Date(now.getTime() + HOURS[preset] * 3_600_000) };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(dateText)) return { ok: false, reason: 'Pick a date and time.' };
  // Without a zone suffix, Date reads a date-time as local time: what the operator meant.
  const until = new Date(dateText);
  if (Number.isNaN(until.getTime())) return { ok: false, reason: 'Pick a date and time.' };
  if (until.getTime() <= now.getTime()) return { ok: false, reason: 'The end must be in the future.' };
  if (until.getTime() - now.getTime() > MAX_SILENCE_DAYS * 86_400_000) return { ok: false, reason: `A silence lasts at most ${MAX_SILENCE_DAYS} days.` };
  return { ok: true, until };
}
