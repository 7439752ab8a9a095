import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  OpenvzParseError,
  parseBeancounters,
  parseCtStatus,
  parseMeminfo,
  parseProcVzquota,
  parseVeinfo,
  parseVzcpucheck,
  parseVzlist,
  parseVzlistFieldList,
  parseVzlistJson,
  parseVzlistNoHeader,
  parseVzmemcheck,
  parseVzquota,
} from '../server/openvz/index';
import { VZLIST_FIELDS as COLLECT_FIELDS } from '../server/ssh/commands';
import { createNodeModel, nodePower, PROC_UBC_ROWS, type SimNodeModel } from './world/model';
import { renderBcResources, renderUserBeancounters } from './render/beancounters';
import { runningCpuunits } from './render/cpu';
import { renderMeminfo } from './render/meminfo';
import { renderVeinfo, renderVzctlStatus } from './render/proc';
import { renderVzcpucheck } from './render/vzcpucheck';
import { renderVzmemcheck } from './render/vzmemcheck';
import { renderProcVzquota, renderVzquotaTable } from './render/vzquota';
import { runCommandLine } from './shell/shell';
import { pathToFileURL } from 'node:url';
import { SAMPLES_DIR } from '../server/openvz/test-support';

const SAMPLES = pathToFileURL(`${SAMPLES_DIR}/`);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');
const sampleLines = (name: string) => sample(name).split('\n');
const linesOf = (text: string) => text.split('\n').slice(0, -1);

function node(seed = 42, ctsPerNode = 8): SimNodeModel {
  return createNodeModel({ seed, index: 0, ctsPerNode });
}
const vz = (m: SimNodeModel, line: string) => runCommandLine(line, { model: m, fault: null, epochMs: 1_700_000_000_000 });

describe('/proc/user_beancounters', () => {
  const m = node();
  const text = renderUserBeancounters(m);
  const lines = linesOf(text);

  it('starts with the sample’s exact Version and header lines (64-bit layout)', () => {
    const real = sampleLines('proc_user_beancounters__node_ct0_block__64bit__scout.txt');
    expect(lines[0]).toBe(real[0]);
    expect(lines[1]).toBe(real[1]);
    expect(lines[0]).toBe('Version: 2.5');
  });

  it('prints 129-character rows, 24 per block in kernel order with the dummy rows, CT0 included', () => {
    for (const l of lines.slice(1)) expect(l).toHaveLength(129);
    const running = m.containers.filter((ct) => ct.status === 'running');
    expect(lines.length - 2).toBe((running.length + 1) * 24);
    const names = lines.slice(2, 26).map((l) => l.slice(12, 24).trim());
    expect(names).toEqual(PROC_UBC_ROWS);
    expect(lines[2]!.slice(0, 10)).toBe(`${running[0]!.ctId}:`.padStart(10));
    expect(text).toContain('\n        0:  kmemsize ');
  });

  it('parses with the project parser, numbers intact (LONG_MAX = unlimited)', () => {
    const parsed = parseBeancounters(text);
    expect(parsed.version).toBe('2.5');
    const ct = m.containers.find((c) => c.status === 'running')!;
    const block = parsed.blocks.find((b) => b.ctId === String(ct.ctId))!;
    const privvm = block.beancounters.find((b) => b.resource === 'privvmpages')!;
    expect(privvm).toMatchObject({ held: ct.ubc.privvmpages.held, barrier: ct.ubc.privvmpages.barrier, failcnt: ct.ubc.privvmpages.failcnt });
    const host = parsed.blocks.find((b) => b.ctId === '0')!;
    expect(host.beancounters.find((b) => b.resource === 'kmemsize')!.limit).toBeNull();
    expect(parsed.blocks.map((b) => b.ctId)).not.toContain(String(m.containers.find((c) => c.status === 'stopped')!.ctId));
  });

  it('garbled: one corrupted number that the parser rejects, naming line 3', () => {
    const bad = renderUserBeancounters(m, { garbled: true });
    expect(linesOf(bad)[2]).toMatch(/^ +\d+: {2}kmemsize +\d\dx\d+ /);
    expect(() => parseBeancounters(bad)).toThrow(OpenvzParseError);
    try {
      parseBeancounters(bad);
    } catch (e) {
      expect((e as OpenvzParseError).lineNumber).toBe(3);
    }
  });

  it('/proc/bc/resources: no dummy rows, swappages last (21 rows per block)', () => {
    const parsed = parseBeancounters(renderBcResources(m));
    for (const b of parsed.blocks) {
      expect(b.beancounters).toHaveLength(21);
      expect(b.beancounters.at(-1)!.resource).toBe('swappages');
    }
  });
});

describe('vzlist', () => {
  const m = node();

  it('default table: the header of the real vzctl 4.x sample, running CTs only, sorted by CTID', () => {
    const out = vz(m, 'vzlist').stdout;
    expect(linesOf(out)[0]).toBe(sampleLines('vzlist_-a__running_and_stopped__vzctl4.x__amet13.txt')[0]);
    const parsed = parseVzlist(out);
    const ids = parsed.containers.map((c) => Number(c.ctid));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(parsed.containers.every((c) => c.status === 'running')).toBe(true);
    expect(parseVzlist(vz(m, 'vzlist -a').stdout).containers).toHaveLength(8);
  });

  it('-o headers match the real samples byte for byte', () => {
    const cases: [string, string, number][] = [
      ['vzlist -a -o ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h', 'vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_after__commit7ab85d9f.txt', 0],
      ['vzlist -S -octid,cpulimit,cpuunits', 'vzlist_-S_-octid,cpulimit,cpuunits_101__stopped_ct_no_kernel__stdout+stderr__commit2d70367c.txt', 1],
      ['vzlist -o smart_name,diskspace.h', 'vzlist_-o_smart_name,diskspace.h__ploop_after_resize__amet13.txt', 0],
      ['vzlist -o physpages.l', 'vzlist_101_-o_physpages.l__vswap_after_set_ram10G__commitebc544b3.txt', 0],
    ];
    for (const [cmd, file, line] of cases) expect(linesOf(vz(m, cmd).stdout)[0], cmd).toBe(sampleLines(file)[line]);
  });

  it('the collector’s `-a -H -o …` parses: stopped CT without usage, running CPU units read back from the scheduler', () => {
    const out = vz(m, `vzlist -a -H -o ${COLLECT_FIELDS.join(',')}`).stdout;
    const parsed = parseVzlistNoHeader(out, [...COLLECT_FIELDS]);
    expect(parsed.containers).toHaveLength(8);
    for (const row of parsed.containers) {
      const ct = m.containers.find((c) => String(c.ctId) === row.ctid)!;
      expect(row.ostemplate).toBe(ct.ostemplate);
      expect(row.ip).toEqual(ct.ips);
      expect(row['diskspace.h']).toBe(ct.diskspace.hardlimit);
      if (ct.status === 'running') {
        expect(row.cpuunits).toBe(runningCpuunits(ct.cpuunits));
        expect(row.diskspace).toBe(ct.diskspace.usage);
      } else {
        expect(row.cpuunits).toBe(ct.cpuunits);
        expect(row.diskspace).toBeNull();
      }
    }
  });

  it('-j parses as JSON and with the project parser; suffixed fields are refused', () => {
    const out = vz(m, 'vzlist -a -j').stdout;
    expect(out.startsWith('[\n  {\n    "ctid": ')).toBe(true);
    expect(parseVzlistJson(out).containers).toHaveLength(8);
    const bad = vz(m, 'vzlist -j -o physpages.l');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("Field `physpages.l' is not available in JSON output\n");
  });

  it('-L lists fields the project parser reads; unknown field is an error', () => {
    expect(parseVzlistFieldList(vz(m, 'vzlist -L').stdout).fields.length).toBeGreaterThan(100);
    expect(vz(m, 'vzlist -o nosuch')).toMatchObject({ code: 1, stderr: 'Unknown field: nosuch\n' });
  });
});

describe('vzcpucheck, vzmemcheck, vzquota, meminfo and friends', () => {
  const m = node();

  it('vzcpucheck -v: the vzctl ≥ 3.0.17 header with TABs, CT0 first, sums and power per FORMULAS §5.1', () => {
    const out = renderVzcpucheck(m, { verbose: true });
    const real = sampleLines('vzcpucheck_-v__vzctl3.0.17plus__nova_openvz_driver_fixture.txt');
    expect(linesOf(out).slice(0, 3)).toEqual([real[0], real[1], '0\t\t1000']);
    const parsed = parseVzcpucheck(out);
    expect(parsed.nodePower).toBe(nodePower(m));
    expect(parsed.currentUtilization).toBe(parsed.containers!.reduce((s, c) => s + c.cpuunits, 0));
    expect(parseVzcpucheck(renderVzcpucheck(m, { verbose: false })).containers).toBeNull();
  });

  it('vzmemcheck -v/-A: vzctl ≥ 3.0.26 layout (74 dashes, 11-space totals indent), parsed', () => {
    const tail = sampleLines('vzmemcheck_-vA__summary_tail__vzctl3.0.26_after_fix__commit383e2756.txt');
    const out = linesOf(renderVzmemcheck(m, { verbose: true, absolute: true }));
    expect(out[1]).toBe('CTID        LowMem  LowMem     RAM MemSwap MemSwap   Alloc   Alloc   Alloc');
    expect(out.at(-3)).toBe(tail[0]);
    expect(out.at(-2)).toMatch(/^Summary: {3}/);
    expect(out.at(-1)!.slice(0, 11)).toBe(' '.repeat(11));
    const parsed = parseVzmemcheck(out.join('\n') + '\n');
    expect(parsed.unit).toBe('mbytes');
    expect(parsed.containers).toHaveLength(m.containers.filter((c) => c.status === 'running').length);
    expect(parsed.totalsMb!.ramUtil).toBeCloseTo((m.memTotalKb * 1024) / 2 ** 20, 1);
    expect(parseVzmemcheck(renderVzmemcheck(m, { verbose: false, absolute: false })).unit).toBe('percent');
  });

  it('vzmemcheck figures follow FORMULAS §2 for a ve-basic-like CT', () => {
    const small = createNodeModel({ seed: 11, index: 0, ctsPerNode: 8 });
    const ct = small.containers.find((c) => c.status === 'running' && !c.vswap)!;
    const row = parseVzmemcheck(renderVzmemcheck(small, { verbose: true, absolute: true })).containers.find((r) => r.ctId === String(ct.ctId))!;
    const u = ct.ubc;
    const netLim = u.kmemsize.limit! + u.tcprcvbuf.limit! + u.tcpsndbuf.limit! + u.dgramrcvbuf.limit! + u.othersockbuf.limit!;
    expect(row.lowmemCommit).toBeCloseTo(netLim / 2 ** 20, 2);
    expect(row.allocLimit).toBeCloseTo((u.privvmpages.limit! * 4096 + netLim) / 2 ** 20, 2);
  });

  it('vzquota show/stat: the real header, trailing grace field, warning on stderr when running', () => {
    const ct = m.containers.find((c) => c.status === 'running')!;
    const table = renderVzquotaTable(ct, m);
    const real = sampleLines('vzquota_show_5005__running_warning__seed_article_2010.txt');
    expect(linesOf(table)[0]).toBe(real[1]);
    expect(linesOf(table)[1]).toHaveLength(11 + 1 + 14 + 1 + 1 + 14 + 1 + 14 + 1 + 8);
    expect(parseVzquota(table).blocks.usage).toBe(ct.diskspace.usage);
    const show = vz(m, `vzquota show ${ct.ctId}`);
    expect(show.stderr).toBe(`${real[0]}\n`);
    expect(show.stdout).toBe(table);
  });

  it('meminfo, vzctl status, /proc/vz/veinfo and /proc/vz/vzquota parse', () => {
    expect(parseMeminfo(renderMeminfo(m)).memTotalKb).toBe(m.memTotalKb);
    const running = m.containers.find((c) => c.status === 'running')!;
    expect(parseCtStatus(renderVzctlStatus(m, running.ctid, running))).toMatchObject({ exists: true, mounted: true, state: 'running' });
    expect(renderVzctlStatus(m, '999', undefined)).toBe('CTID 999 deleted unmounted down\n');
    expect(parseVeinfo(renderVeinfo(m)).containers.at(-1)!.ctId).toBe('0');
    const proc = renderProcVzquota(m, 1_700_000_000_000);
    expect(linesOf(proc)[0]).toBe(sampleLines('proc_vz_vzquota__excerpt_ct111__legacy_2009__unxsvz.txt')[0]);
    expect(parseProcVzquota(proc).quotas.map((q) => q.ctId)).toContain(String(running.ctId));
  });
});
