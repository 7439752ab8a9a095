import { describe, expect, it } from 'vitest';
import { moreOpenText, openForText, takenText } from './wall-alarm-text';

const MIN = 60_000;

describe('wall alarm wording', () => {
  it('says how long an incident has been open in minutes, hours, then days', () => {
    expect(openForText(0, 30_000)).toBe('just now');
    expect(openForText(0, 25 * MIN)).toBe('for 25 min');
    expect(openForText(0, 120 * MIN)).toBe('for 2 h');
    expect(openForText(0, 190 * MIN)).toBe('for 3 h 10 min');
    expect(openForText(0, 50 * 60 * MIN)).toBe('for 2 days');
    expect(openForText(10 * MIN, 0)).toBe('just now');
  });

  it('counts what does not fit, and says nothing when all is shown', () => {
    expect(moreOpenText(12, 5)).toBe('and 7 more open');
    expect(moreOpenText(5, 5)).toBeNull();
  });

  it('says whether someone took the incident', () => {
    expect(takenText({ acknowledged: false, silenced: false })).toBeNull();
    expect(takenText({ acknowledged: true, silenced: false })).toBe('acknowledged');
    expect(takenText({ acknowledged: false, silenced: true })).toBe('silenced');
    expect(takenText({ acknowledged: true, silenced: true })).toBe('acknowledged, silenced');
  });
});
