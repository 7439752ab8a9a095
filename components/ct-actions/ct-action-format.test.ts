import { describe, expect, it } from 'vitest';
import { confirmQuestion, ctActionTone, formatCpuTime, formatKib, isCtActionActive } from './ct-action-format';

describe('CT action display helpers', () => {
  it('the confirmation names the CT id and its hostname, and says what --fast does', () => {
    expect(confirmQuestion('stop', '101', 'web1.example.com', false)).toBe('Stop CT 101 (web1.example.com)?');
    expect(confirmQuestion('stop', '101', 'web1.example.com', true)).toBe('Stop CT 101 (web1.example.com) at once, killing its processes (--fast)?');
    expect(confirmQuestion('resume', '205', null, false)).toBe('Resume CT 205?');
  });

  it('tones, activity and figures', () => {
    expect([ctActionTone('succeeded'), ctActionTone('failed'), ctActionTone('succeeded-with-warnings'), ctActionTone('running')]).toEqual(['tone-good', 'tone-bad', 'tone-warn', '']);
    expect([isCtActionActive('running'), isCtActionActive('reconciling'), isCtActionActive('failed')]).toEqual([true, true, false]);
    expect([formatKib(808), formatKib(61880), formatKib(1_824_688)]).toEqual(['808 KiB', '60.4 MiB', '1.74 GiB']);
    expect([formatCpuTime(5), formatCpuTime(97964)]).toEqual(['00:00:05', '1-03:12:44']);
  });
});
