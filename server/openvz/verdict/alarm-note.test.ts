import { describe, expect, it } from 'vitest';
import { withOpenAlarms, type VerdictAlarm } from './alarm-note';
import type { ContainerVerdict } from './container-verdict';

const now = new Date('2026-12-04T10:00:00Z');
const healthy: ContainerVerdict = { kind: 'healthy', tone: 'good', title: 'Looks fine', message: 'The container is running normally.', routeTo: 'nobody', evidence: ['no refusals'] };
const alarm = (o: Partial<VerdictAlarm>): VerdictAlarm => ({ scope: 'ct', severity: 'warning', title: 'CT 101 on hn1: numproc refused', openedAt: new Date('2026-12-04T09:35:00Z'), acknowledged: false, ...o });

describe('open alarms in the support verdict', () => {
  it('leaves the verdict alone when nothing worth a ticket is open', () => {
    expect(withOpenAlarms(healthy, [], 'hn1', now)).toBe(healthy);
    expect(withOpenAlarms(healthy, [alarm({ severity: 'info' })], 'hn1', now)).toBe(healthy);
  });

  it('says an alarm is open on the container, since when, and that a fine-looking verdict is not fine', () => {
    const v = withOpenAlarms(healthy, [alarm({})], 'hn1', now);
    expect(v.message).toBe('The container is running normally. An alarm is open on this container since 09:35 UTC (25 minutes).');
    expect(v.tone).toBe('warn');
    expect(v.routeTo).toBe('admins');
    expect(v.evidence.at(-1)).toBe('Open alarm (warning) since 09:35 UTC: CT 101 on hn1: numproc refused');
  });

  it('names the node for node alarms, counts several from the oldest, and says when the admins have it', () => {
    const v = withOpenAlarms(
      { ...healthy, tone: 'bad', routeTo: 'customer' },
      [
        alarm({ scope: 'node', severity: 'critical', title: 'hn1 is not answering', openedAt: new Date('2026-12-04T09:50:00Z'), acknowledged: true }),
        alarm({ scope: 'node', severity: 'warning', title: 'hn1 memory commitment 240 %', openedAt: new Date('2026-12-03T22:00:00Z'), acknowledged: true }),
      ],
      'hn1',
      now,
    );
    expect(v.message).toContain('2 alarms are open on its node hn1 since 2026-12-03 22:00 UTC (12 hours). The admins have acknowledged it.');
    expect(v.tone).toBe('bad');
    expect(v.routeTo).toBe('customer');
    expect(v.evidence).toHaveLength(3);
  });
});
