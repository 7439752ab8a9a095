export type Level = 'ok' | 'warn' | 'bad' | 'unknown';

/** A level always shows a symbol and a word next to its colour. */
export const LEVEL_LOOK: Record<Level, { label: string; icon: string; tone: 'good' | 'warn' | 'bad' | 'neutral' }> = {
  ok: { label: 'OK', icon: '✓', tone: 'good' },
  warn: { label: 'Warning', icon: '▲', tone: 'warn' },
  bad: { label: 'Problem', icon: '✕', tone: 'bad' },
  unknown: { label: 'Unknown', icon: '○', tone: 'neutral' },
};

export function LevelBadge({ level }: { level: Level }) {
  const look = LEVEL_LOOK[level];
  return (
    <span className={`badge tone-${look.tone}`} data-level={level}>
      <span aria-hidden="true">{look.icon}</span>
      {` ${look.label}`}
    </span>
  );
}
