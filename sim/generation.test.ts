import { describe, expect, it } from 'vitest';
import { parseBeancounters, parseCtStatus, parseVestat, parseVzcpucheck, parseVzlist, parseVzlistJson } from '../server/openvz/index';
import { advance, createNodeModel, resolveGeneration, VZ7_SHARE, type Generation, type SimNodeModel } from './world/model';
import { PROC_UBC_ROWS, VZ7_UNACCOUNTED } from './world/plans';
import { deriveSeed } from './world/prng';
import { runCommandLine } from './shell/shell';

const sh = (m: SimNodeModel, line: string) => runCommandLine(line, { model: m, fault: null, epochMs: 1_700_000_000_000 });
const linesOf = (text: string) => text.split('\n').slice(0, -1);
const node = (generation: Generation, seed = 7, cts = 12, index = 3) => createNodeModel({ seed, index, ctsPerNode: cts, generation });

describe('choosing the generation', () => {
  it('is forced by the option, and by default ~30 % OpenVZ 7, decided by seed and index; node 0 is legacy', () => {
    expect(resolveGeneration('vz7', 1, 0)).toBe('vz7');
    expect(resolveGeneration('legacy', 1, 5)).toBe('legacy');
    const draws = Array.from({ length: 2000 }, (_, i) => resolveGeneration(undefined, deriveSeed(42, i), i));
    expect(draws[0]).toBe('legacy');
    const share = draws.filter((g) => g === 'vz7').length / draws.length;
    expect(share).toBeGreaterThan(VZ7_SHARE - 0.05);
    expect(share).toBeLessThan(VZ7_SHARE + 0.05);
    expect(Array.from({ length: 2000 }, (_, i) => resolveGeneration('mixed', deriveSeed(42, i), i))).toEqual(draws);
    expect(createNodeModel({ seed: deriveSeed(42, 9), index: 9 }).generation).toBe(draws[9]);
  });

  it('shows in uname -r: 2.6.18/2.6.32 OpenVZ kernels on legacy nodes, 3.10.0-…vz7… on OpenVZ 7', () => {
    const kernels = Array.from({ length: 60 }, (_, i) => sh(node('legacy', i + 1, 8, i + 1), 'uname -r').stdout);
    for (const k of kernels) expect(k).toMatch(/^2\.6\.(18|32)-.*stab\d+\.\d+\n$/);
    expect(kernels.some((k) => k.startsWith('2.6.18'))).toBe(true);
    expect(sh(node('vz7'), 'uname -r').stdout).toMatch(/^3\.10\.0-[\d.]+\.vz7\.[\d.]+\n$/);
  });
});

describe('the commands of each generation', () => {
  const legacy = node('legacy');
  const vz7 = node('vz7');

  it('OpenVZ 7 has no vzquota, vzmemcheck or /proc/vz/vzquota; legacy nodes have no prlctl or vznetstat', () => {
    for (const cmd of ['vzquota show 301', 'vzmemcheck -v']) {
      expect(sh(vz7, cmd)).toMatchObject({ code: 127, stdout: '', stderr: `sh: ${cmd.split(' ')[0]}: command not found\n` });
    }
    expect(sh(vz7, 'cat /proc/vz/vzquota')).toMatchObject({ code: 1, stderr: 'cat: /proc/vz/vzquota: No such file or directory\n' });
    expect(sh(vz7, '/usr/sbin/vzmemcheck')).toMatchObject({ code: 127, stderr: 'sh: /usr/sbin/vzmemcheck: No such file or directory\n' });
    for (const cmd of ['prlctl list -a', 'vznetstat']) expect(sh(legacy, cmd).code).toBe(127);
    expect(sh(vz7, 'prlctl list -a').code).toBe(0);
  });

  it('OpenVZ 7 /proc/user_beancounters: `       101: kmemsize` (id R10, colon, one space), host first, 24 rows, socket counters unused', () => {
    const lines = linesOf(sh(vz7, 'cat /proc/user_beancounters').stdout);
    const blocks = parseBeancounters(lines.join('\n')).blocks;
    expect(blocks[0]!.ctId).toBe('0');
    expect(lines.length - 2).toBe(blocks.length * 24);
    const numeric = vz7.containers.find((ct) => ct.status === 'running' && /^\d+$/.test(ct.ctid))!;
    const at = lines.indexOf(lines.find((l) => l.startsWith(`${numeric.ctid.padStart(10)}: kmemsize `))!);
    expect(at).toBeGreaterThan(1);
    expect(lines.slice(at, at + 24).map((l) => l.slice(12, 24).trim())).toEqual(PROC_UBC_ROWS);
    for (const l of lines.slice(at + 1, at + 24)) expect(l.slice(0, 12)).toBe(' '.repeat(12));
    for (const l of lines.slice(2)) if (!/^ *[0-9a-f-]{36}:/.test(l)) expect(l).toHaveLength(129);
    const ct = blocks.find((b) => b.ctId === numeric.ctid)!;
    for (const res of VZ7_UNACCOUNTED) expect(ct.beancounters.find((b) => b.resource === res)).toMatchObject({ held: 0, barrier: null, limit: null });
    const phys = ct.beancounters.find((b) => b.resource === 'physpages')!;
    expect(phys.barrier).toBe(phys.limit);
  });

  it('legacy /proc/user_beancounters keeps `      101:  kmemsize` and all 24 rows, the host last', () => {
    const lines = linesOf(sh(legacy, 'cat /proc/user_beancounters').stdout);
    expect(lines[2]).toMatch(/^ {4,8}\d+: {2}kmemsize {5}/);
    expect(parseBeancounters(lines.join('\n')).blocks.at(-1)!.ctId).toBe('0');
    expect(lines.filter((l) => l.includes(' dummy ')).length).toBe(4 * ((lines.length - 2) / 24));
  });

  it('OpenVZ 7 vzlist: CTID R36 with numeric and UUID ids, DQBLOCKS/DQINODES, IOPRIO, ploop layout 5, JSON', () => {
    const table = linesOf(sh(vz7, 'vzlist -a').stdout);
    expect(table[0]).toBe(`${'CTID'.padStart(36)}      NPROC STATUS    IP_ADDR         HOSTNAME`);
    expect(table.some((l) => /^[0-9a-f]{8}-[0-9a-f-]{27} /.test(l))).toBe(true);
    expect(table.some((l) => /^ {33}\d{3} /.test(l))).toBe(true);
    const parsed = parseVzlist(sh(vz7, 'vzlist -a -o ctid,status,diskspace,diskspace.h,diskinodes,layout,ioprio').stdout);
    expect(parsed.fields).toEqual(['ctid', 'status', 'diskspace', 'diskspace.h', 'diskinodes', 'layout', 'ioprio']);
    expect(sh(vz7, 'vzlist -a -o ctid,diskspace.h').stdout.split('\n')[0]).toBe(`${'CTID'.padStart(36)} DQBLOCKS.H `);
    expect(sh(vz7, 'vzlist -L').stdout).toMatch(/^ioprio {10}IOPRIO {9}$/m);
    expect(sh(vz7, 'vzlist -L').stdout).not.toMatch(/^slm/m);
    const json = parseVzlistJson(sh(vz7, 'vzlist -a -j').stdout);
    expect(json.containers.map((c) => c.ctid).sort()).toEqual(vz7.containers.map((ct) => ct.ctid).sort());
    expect(sh(vz7, 'vzlist nosuchname')).toMatchObject({ code: 1, stderr: 'Container ID nosuchname is invalid.\n' });
  });

  it('vzcpucheck -v: `veid<TAB><TAB>units` + 23 dashes and "overcommited" on OpenVZ 7, vzctl 3.0.17+ layout on legacy', () => {
    expect(sh(vz7, 'vzcpucheck -v').stdout.startsWith(`veid\t\tunits\n${'-'.repeat(23)}\n0\t\t1000\n`)).toBe(true);
    expect(sh(legacy, 'vzcpucheck -v').stdout.startsWith(`VEID\t\tCPUUNITS\n${'-'.repeat(25)}\n0\t\t1000\n`)).toBe(true);
    const crowded = node('vz7');
    for (const ct of crowded.containers) ct.cpuunits = 100000;
    crowded.bogomips = ['100.00'];
    expect(linesOf(sh(crowded, 'vzcpucheck').stdout).at(-1)).toBe('Warning: hardware node is overcommited');
    expect(parseVzcpucheck(sh(crowded, 'vzcpucheck').stdout).overcommitted).toBe(true);
  });

  it('vzctl status: CTID on legacy, VEID on OpenVZ 7 (by id, UUID or name), for every state', () => {
    for (const [m, prefix] of [[legacy, 'CTID'], [vz7, 'VEID']] as const) {
      for (const ct of m.containers) {
        const out = sh(m, `vzctl status ${ct.ctid}`).stdout;
        expect(out.startsWith(`${prefix} ${ct.ctid} exist `)).toBe(true);
        expect(parseCtStatus(out).status).toBe(ct.status);
      }
    }
    const named = vz7.containers.find((ct) => ct.name !== null)!;
    expect(sh(vz7, `vzctl status ${named.name}`).stdout).toBe(sh(vz7, `vzctl status ${named.ctid}`).stdout);
    expect(sh(legacy, `vzctl status ${legacy.containers.find((ct) => ct.status === 'suspended')!.ctid}`).stdout).toMatch(/ exist unmounted down suspended\n$/);
    expect(sh(vz7, `vzctl status ${vz7.containers.find((ct) => ct.status === 'suspended')!.ctid}`).stdout).toMatch(/ exist unmounted suspended\n$/);
  });

  it('/proc/vz/vestat: the 64-bit layout (251-character lines) on both; nanoseconds, or cycles on 2.6.18', () => {
    for (const m of [legacy, vz7]) {
      const lines = linesOf(sh(m, 'cat /proc/vz/vestat').stdout);
      // A UUID in the %20s VEID column pushes its line, as the kernel's printf does.
      for (const l of lines) if (!/^ *[0-9a-f]{8}-/.test(l)) expect(l).toHaveLength(251);
      // vzfleet's vestat parser takes numeric ids only (reported): UUID-named OpenVZ 7 CTs are left out here.
      const numeric = lines.filter((l) => !/^ *[0-9a-f]{8}-/.test(l));
      const running = m.containers.filter((ct) => ct.status === 'running' && /^\d+$/.test(ct.ctid));
      expect(parseVestat(numeric.join('\n')).containers.map((r) => r.ctId).sort()).toEqual(running.map((ct) => ct.ctid).sort());
    }
    const old = Array.from({ length: 40 }, (_, i) => node('legacy', i + 1, 8, i + 1)).find((m) => m.kernelSeries === '2.6.18')!;
    const row = parseVestat(sh(old, 'cat /proc/vz/vestat').stdout).containers[0]!;
    expect(Number(BigInt(row.uptimeClock) / BigInt(row.uptimeJiffies))).toBeCloseTo((old.cpuMhz * 1e6) / 1000, -4);
    expect(parseBeancounters(sh(old, 'cat /proc/bc/resources').stdout).blocks[0]!.beancounters).toHaveLength(20);
  });

  it('prlctl finds a CT by name, UUID in braces or CT id; vznetstat lists the host and every CT', () => {
    const ct = vz7.containers.find((c) => c.status === 'running')!;
    const byName = sh(vz7, `prlctl status ${ct.name ?? ct.ctid}`).stdout;
    expect(sh(vz7, `prlctl status {${ct.uuid}}`).stdout).toBe(byName);
    expect(parseCtStatus(byName)).toMatchObject({ source: 'prlctl', state: 'running' });
    expect(linesOf(sh(vz7, 'vznetstat').stdout)).toHaveLength(vz7.containers.length + 2);
    expect(sh(vz7, 'prlctl status nosuch').code).toBe(255);
  });

  it('prlctl list: running only by default, -a for all, -H without header, -j as JSON with the same rows', () => {
    const running = vz7.containers.filter((c) => c.status === 'running');
    expect(linesOf(sh(vz7, 'prlctl list').stdout)).toHaveLength(running.length + 1);
    expect(linesOf(sh(vz7, 'prlctl list -a -H').stdout)).toHaveLength(vz7.containers.length);
    const json = JSON.parse(sh(vz7, 'prlctl list -a -j').stdout) as { uuid: string; status: string; name: string }[];
    expect(json.map((r) => r.uuid)).toEqual(vz7.containers.map((c) => c.uuid));
    expect(json.map((r) => r.status)).toEqual(vz7.containers.map((c) => c.status));
    expect(sh(vz7, 'prlctl list -o nosuch')).toMatchObject({ code: 255, stderr: 'Unknown field: nosuch\n' });
  });
});

describe('hardware, plans and overcommit', () => {
  const fleet = Array.from({ length: 120 }, (_, i) => createNodeModel({ seed: deriveSeed(11, i), index: i, ctsPerNode: 60 }));

  it('60-CT nodes have 64–256 GiB and 4–64 CPUs; node power follows bogomips', () => {
    for (const m of fleet) {
      const gib = m.memTotalKb / 1048576;
      expect(gib).toBeGreaterThan(63);
      expect(gib).toBeLessThanOrEqual(256);
      expect(m.bogomips.length).toBeGreaterThanOrEqual(4);
      expect(m.bogomips.length).toBeLessThanOrEqual(64);
      expect(m.containers).toHaveLength(60);
    }
    const small = Array.from({ length: 200 }, (_, i) => createNodeModel({ seed: i, index: i, ctsPerNode: 4 }));
    expect(Math.min(...small.map((m) => m.memTotalKb / 1048576))).toBeLessThan(16);
    const big = Array.from({ length: 200 }, (_, i) => createNodeModel({ seed: i, index: i, ctsPerNode: 200, generation: 'vz7' }));
    expect(Math.max(...big.map((m) => m.memTotalKb / 1048576))).toBeGreaterThan(500);
  });

  it('sells plans of the samples’ families: the seed’s vps.basic (5005.conf), ve-basic scaled, VSwap, OpenVZ 7', () => {
    const plans = new Set(fleet.flatMap((m) => m.containers.map((ct) => ct.plan.replace(/\d+[MG]B?$/, '#'))));
    expect(plans).toEqual(new Set(['vps.basic', 'vps-#', 'vswap-#', 'vswap.#']));
    const seedCt = fleet.flatMap((m) => m.containers).find((ct) => ct.plan === 'vps.basic')!;
    expect(seedCt).toMatchObject({ cpuunits: 15000, cpulimit: 65 });
    expect(seedCt.ubc.privvmpages).toMatchObject({ barrier: 243200, limit: 262144 });
    expect(seedCt.diskspace).toMatchObject({ softlimit: 15048576, hardlimit: 15153024 });
  });

  it('OpenVZ 7 sells more RAM than the node has (Σ physpages limits > RAM), and every running CT fits', () => {
    for (const m of fleet.filter((n) => n.generation === 'vz7')) {
      const sold = m.containers.reduce((s, ct) => s + (ct.ubc.physpages.limit ?? 0), 0);
      expect(sold).toBeGreaterThan(m.memTotalKb / 4);
      const used = m.containers.filter((ct) => ct.status === 'running').reduce((s, ct) => s + ct.ubc.physpages.held, 0);
      expect(used).toBeLessThan(m.memTotalKb / 4);
    }
  });

  it('has a mounted and a suspended CT on nodes of 10+ CTs; they do not move, and the busy OpenVZ 7 CT hits its RAM', () => {
    const m = node('vz7', 3, 12);
    const still = m.containers.filter((ct) => ct.status === 'mounted' || ct.status === 'suspended');
    expect(still.map((ct) => ct.status).sort()).toEqual(['mounted', 'suspended']);
    const busy = m.containers.find((ct) => ct.busy)!;
    const before = [JSON.stringify(still.map((ct) => ct.ubc)), busy.ubc.physpages.failcnt] as const;
    advance(m, 10 * 60_000);
    expect(JSON.stringify(still.map((ct) => ct.ubc))).toBe(before[0]);
    expect(busy.ubc.physpages.failcnt).toBeGreaterThan(before[1]);
  });
});
