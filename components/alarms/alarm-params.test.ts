import { describe, expect, it } from 'vitest';
import { alarmSearch, DEFAULT_ALARM_PARAMS, listStateOf, parseAlarmParams } from './alarm-params';

const parse = (q: string) => parseAlarmParams(new URLSearchParams(q));

describe('alarm page URL state', () => {
  it('defaults to the open tab with no filters, and writes nothing for the defaults', () => {
    expect(parse('')).toEqual(DEFAULT_ALARM_PARAMS);
    expect(alarmSearch(DEFAULT_ALARM_PARAMS)).toBe('');
  });

  it('round-trips every field in a stable order', () => {
    const p = parse('incident=42&node=7&severity=critical&state=silenced');
    expect(p).toEqual({ state: 'silenced', severity: 'critical', node: 7, incident: 42 });
    expect(alarmSearch(p)).toBe('?state=silenced&severity=critical&node=7&incident=42');
    expect(parse(alarmSearch(p).slice(1))).toEqual(p);
  });

  it('ignores junk from a pasted link instead of failing', () => {
    expect(parse('state=<script>&severity=fatal&node=-1&incident=1e9')).toEqual(DEFAULT_ALARM_PARAMS);
    expect(parse('node=0&incident=07').node).toBeNull();
    expect(parse('incident=9999999999999999').incident).toBeNull();
  });

  it('maps the history tab to resolved incidents', () => {
    expect(listStateOf('history')).toBe('resolved');
    expect(listStateOf('open')).toBe('open');
  });
});
