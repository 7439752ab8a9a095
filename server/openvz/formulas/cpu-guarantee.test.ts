import { describe, it, expect } from 'vitest';
import { OpenvzParseError } from '../errors';
import { parseCtConf } from '../ct-conf';
import { parseVzcpucheck } from '../vzcpucheck';
import { readSample } from '../test-support';
import {
  computeCpuGuarantees,
  computeCpuUnitsFromWeight,
  computeNodeCpus,
  computeNodePower,
  computeWeightFromCpuunits,
} from './cpu-guarantee';

const read = readSample;

const cpuinfo = (bogomips: string[], key = 'bogomips') =>
  bogomips.map((b, i) => `processor\t: ${i}\nmodel name\t: Some CPU @ 2.00GHz\n${key}\t\t: ${b}\nflags\t\t: fpu vme\n`).join('\n');

describe('computeNodePower', () => {
  it('is Σ bogomips × 25, truncated (4 cores of 4000.25 → 400025)', () => {
    expect(computeNodePower(cpuinfo(['4000.25', '4000.25', '4000.25', '4000.25']))).toBe(400025);
    expect(computeNodePower(cpuinfo(['3990.13', '3990.13']))).toBe(Math.trunc((3990.13 + 3990.13) * 25));
    expect(computeNodePower(cpuinfo(['1.01']))).toBe(25); // 25.25 truncated
  });

  it('accepts BogoMIPS (ARM, OpenVZ 7) and counts processors', () => {
    const text = cpuinfo(['50.00', '50.00'], 'BogoMIPS');
    expect(computeNodePower(text)).toBe(2500);
    expect(computeNodeCpus(text)).toBe(2);
  });

  it('names the line of a malformed bogomips value, and refuses a cpuinfo with none', () => {
    const bad = 'processor\t: 0\nbogomips\t: fast\n';
    expect(() => computeNodePower(bad)).toThrow(OpenvzParseError);
    try {
      computeNodePower(bad);
    } catch (e) {
      expect((e as OpenvzParseError).lineNumber).toBe(2);
    }
    expect(() => computeNodePower('processor\t: 0\n')).toThrow(/no bogomips line/);
  });
});

describe('cpuunits ↔ weight', () => {
  it('rounds through the kernel weight as vzcpucheck shows it', () => {
    const roundTrip = (u: number) => computeCpuUnitsFromWeight(computeWeightFromCpuunits(u));
    expect(roundTrip(1500)).toBe(1501); // User's Guide 2005: utilization rose by 1501
    expect(roundTrip(25000)).toBe(25000); // nova fixture
    expect(roundTrip(1000)).toBe(1000);
    expect(computeCpuUnitsFromWeight(24)).toBe(20833); // vz_tools CT0
    expect(computeCpuUnitsFromWeight(0)).toBe(500000);
  });

  it('seed CT 5005: CPUUNITS="15000" in 5005.conf is listed as 15151 by vzcpucheck -v', () => {
    const conf = parseCtConf(read('ctid_conf__5005.conf__seed_article_2010.txt'));
    const row = parseVzcpucheck(read('vzcpucheck_-v__node_ovz07_33rows__seed_article_2010.txt')).containers!.find((c) => c.ctId === '5005')!;
    expect(computeCpuUnitsFromWeight(computeWeightFromCpuunits(Number(conf.entries.CPUUNITS)))).toBe(row.cpuunits);
  });
});

describe('computeCpuGuarantees against vzcpucheck -v', () => {
  it.each([
    ['vzcpucheck_-v__node_ovz07_33rows__seed_article_2010.txt', 193130],
    ['vzcpucheck_-v__old_header__vztools.txt', 34833],
    ['vzcpucheck_-v__vzctl3.0.17plus__nova_openvz_driver_fixture.txt', 51000],
    ['vzcpucheck_-v__vzctl3.0.x_2009_tabs_expanded__unxsvz.txt', 3000],
  ])('%s: the rows sum to the printed utilization %i and the busy shares to 1', (file, utilization) => {
    const p = parseVzcpucheck(read(file));
    const r = computeCpuGuarantees(p.containers!, p.nodePower, 4);
    expect(r.utilization).toBe(utilization);
    expect(r.utilization).toBe(p.currentUtilization);
    expect(r.overcommitted).toBe(p.overcommitted);
    expect(r.containers.reduce((s, c) => s + c.busyShare, 0)).toBeCloseTo(1, 12);
  });

  it('seed ovz07: 69 % of the power is promised; CT 5005 is guaranteed 5.41 % and gets 7.84 % when all are busy', () => {
    const p = parseVzcpucheck(read('vzcpucheck_-v__node_ovz07_33rows__seed_article_2010.txt'));
    const r = computeCpuGuarantees(p.containers!, p.nodePower, 8);
    expect((r.committed * 100).toFixed(0)).toBe('69');
    const ct = r.containers.find((c) => c.ctId === '5005')!;
    expect(ct.guaranteedShare).toBeCloseTo(15151 / 280025, 12);
    expect((ct.busyShare * 100).toFixed(2)).toBe('7.84');
    expect(ct.busyPower).toBeCloseTo((15151 / 193130) * 280025, 6);
  });

  it('vz_tools: CT0 holds 20833 of 34833 units, i.e. 59.8 % of the CPU when everything is busy', () => {
    const p = parseVzcpucheck(read('vzcpucheck_-v__old_header__vztools.txt'));
    const r = computeCpuGuarantees(p.containers!, p.nodePower, 4);
    expect((r.containers[0]!.busyShare * 100).toFixed(1)).toBe('59.8');
    expect(r.committed).toBeCloseTo(34833 / 402887, 12);
  });

  it('cpulimit is a percent of one CPU: CPULIMIT 65 on an 8-CPU node is 65/800 of it; cpus caps it too', () => {
    const r = computeCpuGuarantees(
      [
        { ctId: '0', cpuunits: 1000 },
        { ctId: '5005', cpuunits: 15151, cpulimit: 65 },
        { ctId: '101', cpuunits: 1000, cpulimit: 0, cpus: 2 },
        { ctId: '102', cpuunits: 1000, cpulimit: 300, cpus: 1 },
      ],
      280025,
      8,
    );
    const [ct0, a, b, c] = r.containers;
    expect(ct0).toMatchObject({ cpulimitPercent: null, cpulimitShare: null, capShare: null });
    expect(a).toMatchObject({ cpulimitPercent: 65, cpulimitShare: 65 / 800, capShare: 65 / 800 });
    expect(b).toMatchObject({ cpulimitPercent: null, cpulimitShare: null, capShare: 200 / 800 });
    expect(c).toMatchObject({ cpulimitPercent: 300, capShare: 100 / 800 });
  });

  it('flags guarantees above the node power (the tool’s warning)', () => {
    const r = computeCpuGuarantees([{ ctId: '0', cpuunits: 1000 }, { ctId: '1', cpuunits: 9000 }], 5000, 1);
    expect(r).toMatchObject({ utilization: 10000, committed: 2, overcommitted: true });
    expect(() => computeCpuGuarantees([], 0, 1)).toThrow(RangeError);
  });
});
