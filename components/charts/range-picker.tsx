import { HISTORY_RANGES, type HistoryRange } from '@/vocabulary/history-range';
import { RANGE_LABEL } from './history-range';

/** The history range as a row of toggle buttons (one group, arrow-free: each is a tab stop). */
export function RangePicker({ value, onChange }: { value: HistoryRange; onChange: (range: HistoryRange) => void }) {
  return (
    <div className="range-picker" role="group" aria-label="History range">
      {HISTORY_RANGES.map((r) => (
        <button key={r} type="button" className="button button-small" aria-pressed={r === value} title={RANGE_LABEL[r]} onClick={() => onChange(r)}>
          {r}
        </button>
      ))}
    </div>
  );
}
