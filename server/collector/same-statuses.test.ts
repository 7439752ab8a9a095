import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { vzlistCommand } from '../../sim/tools/vzlist';
import { parseVzlistNoHeader } from '../openvz/vzlist';
import { VZSTATUS_FIELDS } from '../ssh/commands';
import type { CollectSectionOutput } from '../ssh/split-sections';
import { renderUserBeancounters } from '../../sim/render/beancounters';
import { interpretCollect, type NodeSnapshot } from './interpret';
import { listsSameStatuses } from './same-statuses';

/** The careful reading of the listing, as interpretFast did before the scan: CT id and status per row. */
function careful(text: string): { ctId: string; status: string }[] {
  return parseVzlistNoHeader(text, [...VZSTATUS_FIELDS]).containers.map((r) => ({ ctId: String(r.ctid), status: typeof r.status === 'string' ? r.status : 'unknown' }));
}

function listing(generation: 'legacy' | 'vz7'): string {
  const model = createNodeModel({ seed: 3, index: 0, ctsPerNode: 25, generation });
  const r = vzlistCommand(['-a', '-H', '-o', VZSTATUS_FIELDS.join(',')], { model, fault: null, epochMs: 0 });
  expect(r.code).toBe(0);
  return r.output.filter((c) => c.fd === 1).map((c) => c.data).join('');
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('listsSameStatuses', () => {
  for (const generation of ['legacy', 'vz7'] as const) {
    it(`reads the simulator's ${generation} listing as the careful reader's CTs, and nothing else`, () => {
      const text = listing(generation);
      const cts = careful(text);
      expect(cts.length).toBe(25);
      expect(new Set(cts.map((c) => c.status)).size).toBeGreaterThan(1);
      expect(listsSameStatuses(bytes(text), cts)).toBe(true);
      const changed = cts.map((c, k) => (k === 7 ? { ...c, status: c.status === 'running' ? 'stopped' : 'running' } : c));
      expect(listsSameStatuses(bytes(text), changed)).toBe(false);
      expect(listsSameStatuses(bytes(text), cts.slice(1))).toBe(false);
      expect(listsSameStatuses(bytes(text), cts.slice(0, -1))).toBe(false);
      expect(listsSameStatuses(bytes(text), [cts[1]!, cts[0]!, ...cts.slice(2)])).toBe(false);
    });
  }

  it('takes the spacing vzlist may print, and no newline after the last row', () => {
    const cts = [{ ctId: '101', status: 'running' }, { ctId: '1002', status: 'stopped' }];
    for (const text of ['       101 running\n      1002 stopped\n', '101 running\n1002 stopped', '\t101\trunning \n 1002   stopped\t\n']) {
      expect(careful(text), JSON.stringify(text)).toEqual(cts);
      expect(listsSameStatuses(bytes(text), cts), JSON.stringify(text)).toBe(true);
    }
    expect(listsSameStatuses(bytes(''), [])).toBe(true);
  });

  it('leaves everything unexpected to the careful reader', () => {
    const cts = [{ ctId: '101', status: 'running' }, { ctId: '102', status: 'stopped' }];
    const odd = [
      '101 running\r\n102 stopped\r\n', // CRLF
      '101 running\n\n102 stopped\n', // a blank line
      '101 running\n102 stopped\n\n', // a blank line at the end
      'Warning: something\n101 running\n102 stopped\n', // a warning line
      '101 running x\n102 stopped\n', // an extra column
      '101 runningx\n102 stopped\n', // a longer status
      '1010 running\n102 stopped\n', // a longer id
      '0101 running\n102 stopped\n', // the same number, not the same text
      '101 running\n102 stopped\n103 running\n', // one more CT
      '101\n102 stopped\n', // no status
      '101 running\n102 stopped\n\0', // a stray byte after the end
      '\n', // an empty line only
    ];
    for (const text of odd) expect(listsSameStatuses(bytes(text), cts), JSON.stringify(text)).toBe(false);
    const utf8 = [{ ctId: 'ид-101', status: 'running' }];
    expect(listsSameStatuses(bytes('ид-101 running\n'), utf8)).toBe(false);
    expect(listsSameStatuses(bytes('\n'), [])).toBe(false);
  });

  it('says true only where the careful reader reads the same CTs: 2000 corrupted listings', () => {
    const text = listing('legacy');
    const cts = careful(text);
    const good = bytes(text);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const alphabet = [32, 9, 10, 13, 0, 48, 49, 97, 114, 115, 45, 0xd0];
    let same = 0;
    for (let i = 0; i < 2000; i++) {
      const at = rand(good.length);
      const b = alphabet[rand(alphabet.length)]!;
      const kind = rand(3);
      const bad = kind === 0 ? Buffer.concat([good.subarray(0, at), Buffer.from([b]), good.subarray(at + 1)]) : kind === 1 ? Buffer.concat([good.subarray(0, at), good.subarray(at + 1)]) : Buffer.concat([good.subarray(0, at), Buffer.from([b]), good.subarray(at)]);
      if (!listsSameStatuses(bad, cts)) continue;
      same++;
      expect(careful(bad.toString('utf8')), `corruption ${i}`).toEqual(cts);
    }
    // Some corruptions only change spacing, which reads the same.
    expect(same).toBeGreaterThan(0);
  });

  it("makes a fast poll with the same statuses carry the last poll's records, and one with a change read them the careful way", () => {
    const model = createNodeModel({ seed: 3, index: 0, ctsPerNode: 25, generation: 'legacy' });
    const section = (text: string): CollectSectionOutput => ({ text, bytes: bytes(text), exitCode: 0, firstLine: 1 });
    const text = listing('legacy');
    const beancounters = section(renderUserBeancounters(model));
    const containers = careful(text).map((c) => ({ ...c, hostname: `ct${c.ctId}` })) as unknown as NodeSnapshot['containers'];
    const previous = { beancounters: [], containers, cpu: null, memory: null, problems: [], full: true, needsFull: false } satisfies NodeSnapshot;
    const same = interpretCollect({ beancounters, vzstatus: section(text) }, '', previous);
    expect(same.containers).toBe(previous.containers);
    expect(same).toMatchObject({ full: false, needsFull: false });
    const first = containers[0]!;
    const flipped = first.status === 'running' ? 'stopped' : 'running';
    const changed = interpretCollect({ beancounters, vzstatus: section(text.replace(new RegExp(`^(\\s*${first.ctId}\\s+)\\S+`), `$1${flipped}`)) }, '', previous);
    expect(changed.containers).not.toBe(previous.containers);
    expect(changed.containers[0]).toEqual({ ...first, status: flipped });
    expect(changed.containers.slice(1)).toEqual(containers.slice(1));
    changed.containers.slice(1).forEach((c, k) => expect(c).toBe(containers[k + 1]));
    expect(changed.needsFull).toBe(false);
  });
});
