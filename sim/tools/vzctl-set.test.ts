import { describe, expect, it } from 'vitest';
import { parseBeancounters } from '../../server/openvz/beancounters';
import { parseVzcpucheck } from '../../server/openvz/vzcpucheck';
import { computeCpuUnitsFromWeight, computeWeightFromCpuunits } from '../../server/openvz/formulas/cpu-guarantee';
import { buildLimitSet } from '../../server/ssh/limit-commands';
import { createNodeModel, findContainer } from '../world/model';
import { runCommandLine } from '../shell/shell';

function node(generation: 'legacy' | 'vz7', seed = 7) {
  const model = createNodeModel({ seed, index: 0, generation });
  const sh = (line: string) => runCommandLine(line, { model, fault: null, epochMs: 1_700_000_000_000 });
  return { model, sh };
}

const privvm = (text: string, ctId: string) => parseBeancounters(text).blocks.find((b) => b.ctId === ctId)!.beancounters.find((b) => b.resource === 'privvmpages')!;

describe('simulated vzctl set', () => {
  it('the template’s command changes the model: the next cat /proc/user_beancounters prints the new barrier', () => {
    const { model, sh } = node('legacy');
    const ct = model.containers.find((c) => c.status === 'running')!;
    const r = sh(buildLimitSet({ generation: 'legacy', ctId: ct.ctid, change: { param: 'privvmpages', barrier: 81920, limit: 87040 } }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`UB limits were set successfully\nSaved parameters for CT ${ct.ctid}\n`);
    expect(privvm(sh('cat /proc/user_beancounters').stdout, ct.ctid)).toMatchObject({ barrier: 81920, limit: 87040 });
  });

  it('cpuunits shows in vzcpucheck -v after the change (through the scheduler weight); out of range is "Bad parameter", exit 21, nothing changed', () => {
    const { model, sh } = node('legacy');
    const ct = model.containers.find((c) => c.status === 'running')!;
    expect(sh(`vzctl set ${ct.ctid} --cpuunits 4321 --save`).stdout).toContain('Setting CPU units: 4321');
    expect(parseVzcpucheck(sh('vzcpucheck -v').stdout).containers?.find((c) => c.ctId === ct.ctid)?.cpuunits).toBe(computeCpuUnitsFromWeight(computeWeightFromCpuunits(4321)));
    const bad = sh(`vzctl set ${ct.ctid} --cpuunits 7 --save`);
    expect([bad.code, bad.stderr]).toEqual([21, 'Bad parameter for --cpuunits: 7\n']);
    expect(findContainer(model, ct.ctid)!.cpuunits).toBe(4321);
  });

  it('one bad value in a command leaves every setting as it was', () => {
    const { model, sh } = node('legacy');
    const ct = model.containers.find((c) => c.status === 'running')!;
    const before = { ...ct.ubc.numproc };
    const r = sh(`vzctl set ${ct.ctid} --numproc 999:999 --ioprio 9 --save`);
    expect(r.code).toBe(21);
    expect(ct.ubc.numproc).toEqual(before);
  });

  it('barrier above the limit is refused like the kernel’s setublimit (exit 1)', () => {
    const { model, sh } = node('legacy');
    const ct = model.containers[0]!;
    const r = sh(`vzctl set ${ct.ctid} --privvmpages 200:100 --save`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Invalid argument/);
  });

  it('unknown options, a missing CT and unlimited', () => {
    const { model, sh } = node('legacy');
    const ct = model.containers[0]!;
    expect(sh(`vzctl set ${ct.ctid} --userpasswd root:x --save`).code).toBe(20);
    expect(sh('vzctl set 999999 --numproc 1:1 --save')).toMatchObject({ code: 21, stderr: 'Container 999999 does not exist\n' });
    expect(sh(`vzctl set ${ct.ctid} --vmguarpages 100:unlimited --save`).code).toBe(0);
    expect(ct.ubc.vmguarpages).toMatchObject({ barrier: 100, limit: null });
    const nosave = sh(`vzctl set ${ct.ctid} --numiptent 200:200`);
    expect(nosave.stdout).toMatch(/--save/);
  });
});

describe('simulated prlctl set (OpenVZ 7)', () => {
  it('--memsize sets the RAM (physpages limit) the next poll reads; bad values exit 255', () => {
    const { model, sh } = node('vz7', 11);
    const ct = model.containers.find((c) => c.status === 'running')!;
    const cmd = buildLimitSet({ generation: 'vz7', ctId: ct.ctid, change: { param: 'ram', bytes: 3 * 2 ** 30 } });
    expect(cmd).toMatch(/^prlctl set /);
    const r = sh(cmd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('successfully configured');
    expect(ct.ubc.physpages.limit).toBe((3 * 2 ** 30) / 4096);
    expect(sh(`prlctl set ${ct.ctid} --cpuunits 3`)).toMatchObject({ code: 255, stderr: 'Invalid value for --cpuunits: 3\n' });
    expect(sh(`prlctl set ${ct.ctid} --hostname x`).code).toBe(255);
  });
});
