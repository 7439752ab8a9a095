/**
 * Fidelity: for every real capture in server/openvz/samples/, the simulator's output for the
 * same command on a node of the same generation (a) is accepted by vzfleet's parser of that
 * sample's kind and (b) has the capture's layout, line by line (sim/test-fidelity-layout.ts). Captures
 * of situations the simulator cannot produce are listed in SKIPPED with the reason; a new sample
 * that is in neither list fails the test. The vzmemcheck/vzcpucheck figures the simulator prints
 * are checked against FORMULAS.md (server/openvz/formulas) applied to its own /proc files.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCpuUnitsFromWeight,
  computeNodeMemoryCommitment,
  computeNodeMemoryTotals,
  computeNodePower,
  computeWeightFromCpuunits,
  toVzmemcheckUnits,
  MEMORY_COLUMNS,
} from '../server/openvz/formulas';
import { parseBeancounters, parseMeminfo, parseVzcpucheck, parseVzmemcheck, parserKindForSample, parsers } from '../server/openvz/index';
import { anchorsFrom, checkRow, expandTabs, shapeOf, textLines, tokenize } from './test-fidelity-layout';
import { createNodeModel, resolveGeneration, type Generation, type SimContainer, type SimNodeModel } from './world/model';
import { deriveSeed } from './world/prng';
import { startSimFleet, type SimFleet } from './ssh/server';
import { prlName } from './render/prlctl';
import { runCommandLine } from './shell/shell';
import { pathToFileURL } from 'node:url';
import { SAMPLES_DIR } from '../server/openvz/test-support';

const SAMPLES = pathToFileURL(`${SAMPLES_DIR}/`);
const EPOCH_MS = 1_700_000_000_000;
const sh = (m: SimNodeModel, line: string) => runCommandLine(line, { model: m, fault: null, epochMs: EPOCH_MS });

type Check = 'exact' | 'table' | 'header' | 'words' | 'beancounters' | 'tokens' | 'keys' | 'vzcpucheck' | 'tail' | 'proc-vzquota' | 'veinfo';

interface Case {
  gen: Generation;
  /** `{running}` etc. are replaced by a CT of that kind on the node (see ctOf). */
  cmd: string;
  check: Check;
  /** Leading lines compared exactly (default 1; 0 for -H outputs). */
  header?: number;
  /** The header line whose columns match the rows (default: the last header line). */
  layoutHeader?: number;
  /** The capture starts with this many stderr lines of a situation the simulator does not reproduce. */
  stderrLines?: number;
  /** Compared modulo trailing blanks, because the capture's were visibly added or removed (the reason). */
  trimTrailing?: string;
  /** Compared after TAB expansion: the capture's TABs were turned into spaces. */
  expandTabs?: boolean;
  /** An older vzctl's spelling in the capture, mapped to today's before comparing (the reason is in `why`). */
  sampleFix?: [RegExp, string][];
  /** Rows stop at the first line matching this (what follows is not compared, see `why`). */
  rowsUntil?: RegExp;
  multiLast?: boolean;
  why?: string;
}

const table = (gen: Generation, cmd: string, more: Partial<Case> = {}): Case => ({ gen, cmd, check: 'table', ...more });
const words = (gen: Generation, cmd: string): Case => ({ gen, cmd, check: 'words' });
const VEID_HEADER: [RegExp, string][] = [[/^veid(\s)/, 'CTID$1']];

/** Every capture the simulator reproduces, with the command that produces it. */
const CASES: Record<string, Case> = {
  'prlctl_list_-L__openvz7__amet13vz.txt': { gen: 'vz7', cmd: 'prlctl list -L', check: 'exact' },
  'prlctl_list_-a__openvz7_cts_and_vm_stopped__amet13vz.txt': table('vz7', 'prlctl list -a'),
  'prlctl_list_-a__openvz7_one_ct_stopped__amet13vz.txt': table('vz7', 'prlctl list -a'),
  'prlctl_list_-a__openvz7_running_and_stopped_after_clone__amet13vz.txt': table('vz7', 'prlctl list -a'),
  'prlctl_list_-i_ct4__openvz7_running_ct__amet13vz.txt': { gen: 'vz7', cmd: 'prlctl list -i {runningName}', check: 'keys' },
  'prlctl_list_-o_type,status,name,hostname,dist,ip__openvz7__amet13vz.txt': table('vz7', 'prlctl list -o type,status,name,hostname,dist,ip', { multiLast: true }),
  'prlctl_list_ct3__openvz7_after_prlctl_migrate__amet13vz.txt': table('vz7', 'prlctl list {runningName}'),
  'prlctl_status__openvz7_mounted__amet13vz.txt': words('vz7', 'prlctl status {mountedName}'),
  'prlctl_status__openvz7_running__amet13vz.txt': words('vz7', 'prlctl status {runningName}'),
  'prlctl_status__openvz7_stopped__amet13vz.txt': words('vz7', 'prlctl status {stoppedName}'),
  'prlctl_status__openvz7_suspended__amet13vz.txt': words('vz7', 'prlctl status {suspendedName}'),
  'proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt': { gen: 'legacy', cmd: 'cat /proc/bc/resources', check: 'beancounters' },
  'proc_user_beancounters__inside_ct209_failcnt__64bit__loadout.txt': { gen: 'legacy', cmd: 'vzctl exec {running} cat /proc/user_beancounters', check: 'beancounters' },
  'proc_user_beancounters__inside_ct43120_vswap_failcnt__64bit_2.6.32__gam0022.txt': { gen: 'legacy', cmd: 'vzctl exec {vswap} cat /proc/user_beancounters', check: 'beancounters' },
  'proc_user_beancounters__inside_ct5005__seed_article_2010_spacing_collapsed.txt': {
    gen: 'legacy', cmd: 'vzctl exec {running} cat /proc/user_beancounters', check: 'tokens',
    why: 'the blog collapsed runs of spaces: only words, their count and their number formats are compared',
  },
  'proc_user_beancounters__inside_ct7__64bit__blipp.txt': { gen: 'legacy', cmd: 'vzctl exec {running} cat /proc/user_beancounters', check: 'beancounters' },
  'proc_user_beancounters__inside_ct9833__64bit__scout.txt': { gen: 'legacy', cmd: 'vzctl exec {running} cat /proc/user_beancounters', check: 'beancounters' },
  'proc_user_beancounters__node_ct0_block__64bit__scout.txt': { gen: 'legacy', cmd: 'cat /proc/user_beancounters', check: 'beancounters' },
  'proc_vz_veinfo__node__vztools.txt': {
    gen: 'legacy', cmd: 'cat /proc/vz/veinfo', check: 'veinfo',
    why: 'the capture replaced part of each %10u id field by a TAB: columns are compared from the end of the id',
  },
  'proc_vz_vestat__node_3cts__64bit_2.6.32__bitstat.txt': table('legacy', 'cat /proc/vz/vestat', {
    header: 2, trimTrailing: 'the capture lost the padding of the "Version: 2.2" line (the kernel pads it to 251 characters)',
  }),
  'proc_vz_vzquota__excerpt_ct111__legacy_2009__unxsvz.txt': { gen: 'legacy', cmd: 'cat /proc/vz/vzquota', check: 'proc-vzquota' },
  'vzcpucheck_-v__node_ovz07_33rows__seed_article_2010.txt': { gen: 'legacy', cmd: 'vzcpucheck -v', check: 'vzcpucheck', expandTabs: true },
  'vzcpucheck_-v__old_header__vztools.txt': {
    gen: 'vz7', cmd: 'vzcpucheck -v', check: 'vzcpucheck',
    why: 'this `veid<TAB><TAB>units` header with 23 dashes is the one OpenVZ 7 prints (FORMATS §7)',
  },
  'vzcpucheck_-v__vzctl3.0.17plus__nova_openvz_driver_fixture.txt': { gen: 'legacy', cmd: 'vzcpucheck -v', check: 'vzcpucheck' },
  'vzcpucheck_-v__vzctl3.0.x_2009_tabs_expanded__unxsvz.txt': { gen: 'legacy', cmd: 'vzcpucheck -v', check: 'vzcpucheck', expandTabs: true },
  'vzcpucheck__node_ovz07__seed_article_2010.txt': { gen: 'legacy', cmd: 'vzcpucheck', check: 'vzcpucheck' },
  'vzctl_status__deleted_unmounted_down__vzctl3.0.24dev__commitbc14870a.txt': words('legacy', 'vzctl status 999999'),
  'vzctl_status__exist_mounted_down__vzctl4.9.x__commit9e98ea63.txt': words('legacy', 'vzctl status {mounted}'),
  'vzctl_status__exist_mounted_running__vzctl4.x__amet13.txt': words('legacy', 'vzctl status {running}'),
  'vzctl_status__exist_unmounted_down__vzctl4.0dev__commitb7baef97.txt': words('legacy', 'vzctl status {stopped}'),
  'vzctl_status__openvz7_deleted__commit6ad86476.txt': words('vz7', 'vzctl status 999999'),
  'vzctl_status__openvz7_suspended_2015__commit95ba1563.txt': words('vz7', 'vzctl status {suspended}'),
  'vzlist_-H__vzctl3.0.x_hostname_padded_trailing_spaces__vztools_sampleroot.txt': table('legacy', 'vzlist -H', {
    header: 0, trimTrailing: 'vzctl 3.0.x padded the last column; vzctl ≥ 3.0.24 (simulated) trims every line',
  }),
  'vzlist_-Hto_veid,physpages__vzctl4.x__bitstat.txt': table('legacy', 'vzlist -Hto veid,physpages', { header: 0 }),
  'vzlist_-S_-octid,cpulimit,cpuunits_101__stopped_ct_no_kernel__stdout+stderr__commit2d70367c.txt': table('legacy', 'vzlist -S -octid,cpulimit,cpuunits {stopped}', {
    stderrLines: 1, why: 'the first line is stderr of a node whose OpenVZ kernel is not loaded',
  }),
  'vzlist_-aH__vzctl3.0.x__vztools.txt': table('legacy', 'vzlist -aH', { header: 0 }),
  'vzlist_-a__no_cts__vzctl4.x__amet13.txt': table('legacy', 'vzlist -a', {
    check: 'header', trimTrailing: 'the published header has one trailing space from copying', why: 'a node without CTs (a hidden 0.conf): only the header exists',
  }),
  'vzlist_-a__one_stopped_ct__vzctl4.x__amet13.txt': table('legacy', 'vzlist -a'),
  'vzlist_-a__openvz7_uuid_ids__after_align_fix__commit9ccbdceb.txt': table('vz7', 'vzlist -a'),
  'vzlist_-a__openvz7_uuid_ids__before_align_fix__commit9ccbdceb.txt': table('vz7', 'vzlist -a', {
    check: 'header', why: 'its rows show the alignment bug fixed by that very commit (#PSBM-34127); the simulator prints the fixed layout',
  }),
  'vzlist_-a__ploop_lib_missing_rows_not_quoted__stdout+stderr__vzctl4.7__commit3397ce4a.txt': table('legacy', 'vzlist -a', {
    check: 'header', stderrLines: 3, why: 'stderr of a node without libploop, then the header; the commit message quoted no rows',
  }),
  'vzlist_-a__running_and_stopped__vzctl4.x__amet13.txt': table('legacy', 'vzlist -a'),
  'vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_after__commit7ab85d9f.txt': table(
    'legacy', 'vzlist -o ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h -a',
  ),
  'vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_before__commit7ab85d9f.txt': table(
    'legacy', 'vzlist -o ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h -a', {
      check: 'header', why: 'its ploop rows show the bug (usage 0 or `-`) that commit fixed; the simulator prints the fixed values',
    },
  ),
  'vzlist_-o_smart_name,diskspace.h__ploop_after_resize__amet13.txt': table('legacy', 'vzlist -o smart_name,diskspace.h'),
  'vzlist_-o_smart_name,diskspace.h__ploop_before_resize__amet13.txt': table('legacy', 'vzlist -o smart_name,diskspace.h'),
  'vzlist_-octid,ip,features,status_-a__trimmed__commit50991e24.txt': table('legacy', 'vzlist -octid,ip,features,status -a'),
  'vzlist_101_-o_physpages.l__vswap_after_set_ram10G__commitebc544b3.txt': table('legacy', 'vzlist {vswap} -o physpages.l'),
  'vzlist_103__stopped_ct__vzctl4.x__amet13.txt': table('legacy', 'vzlist {stopped}'),
  'vzmemcheck_-vA__summary_tail__vzctl3.0.26_after_fix__commit383e2756.txt': { gen: 'legacy', cmd: 'vzmemcheck -vA', check: 'tail' },
  'vzmemcheck_-v_-A__vzctl3.0.x__vztools.txt': table('legacy', 'vzmemcheck -v -A', {
    header: 3, layoutHeader: 1, sampleFix: VEID_HEADER, rowsUntil: /^-+$/,
    why: 'vzctl < 3.0.26 printed `veid` for `CTID`, 73 dashes and a misaligned totals line: the header and the CT rows are compared',
  }),
  'vzmemcheck_-v__node_ovz07_32cts__seed_article_2010.txt': {
    gen: 'legacy', cmd: 'vzmemcheck -v', check: 'tokens', sampleFix: VEID_HEADER,
    why: 'the blog collapsed the spacing (and vzctl < 3.0.26 printed `veid`): words, counts and number formats are compared',
  },
  'vzmemcheck__node_ovz07__seed_article_2010.txt': table('legacy', 'vzmemcheck', {
    header: 3, layoutHeader: 1, trimTrailing: 'the blog left spaces after "Output values in %"',
  }),
  'vznetstat__openvz7_node__amet13vz.txt': table('vz7', 'vznetstat'),
  'vznetstat_-v_uuid__openvz7__amet13vz.txt': table('vz7', 'vznetstat -v {runningUuid}'),
  'vzquota_show_5005__running_warning__seed_article_2010.txt': table('legacy', 'vzquota show {running} 2>&1', {
    header: 2, trimTrailing: 'vzquota pads the empty grace column (%8s); the blog trimmed it',
  }),
};

/** Captures the simulator does not reproduce, and why. */
const SKIPPED: Record<string, string> = {
  'ctid_conf__5005.conf__seed_article_2010.txt': 'a CT config body: the simulated node has no /etc/vz/conf to read (its plans follow this file, sim/world/plans.ts)',
  'ctid_conf__vzctl_sample_ve-basic_ubc__body.txt': 'a config sample body: nothing on the simulated node prints it (its plans scale it, sim/world/plans.ts)',
  'ctid_conf__vzctl_sample_ve-vswap-256m__body.txt': 'a config sample body: nothing on the simulated node prints it (its plans scale it, sim/world/plans.ts)',
  'proc_vz_vestat__node__32bit_2.6.18__vztools.txt': '32-bit kernel layout (R10 columns): the simulator models 64-bit kernels only',
  'vzcalc_-v__vzctl3.0.x__vztools.txt': 'vzcalc is not among the commands the simulated node answers (issue 3 lists the dashboard’s commands)',
  'prlctl_migrate_-v_1__openvz7_live_ok__reconstructed_prlctl7.0.txt': 'reconstructed from prlctl, prl-disp-service and libprlsdk sources, not a capture: nothing real to hold the simulator to (sim/prlctl-migrate.test.ts checks the simulated prlctl migrate against the parser)',
  'prlctl_migrate__openvz7_ct_exists_on_target__reconstructed_prlctl7.0.txt': 'reconstructed from prlctl, prl-disp-service and libprlsdk sources, not a capture: nothing real to hold the simulator to (sim/prlctl-migrate.test.ts checks the simulated prlctl migrate against the parser)',
  'prlctl_migrate__openvz7_target_unreachable__reconstructed_prlctl7.0.txt': 'reconstructed from prlctl, prl-disp-service and libprlsdk sources, not a capture: nothing real to hold the simulator to (sim/prlctl-migrate.test.ts checks the simulated prlctl migrate against the parser)',
  'prlctl_migrate__openvz7_tty_stages_criu_failure__reconstructed_prlctl7.0.txt': 'reconstructed from prlctl, prl-disp-service and libprlsdk sources, not a capture: nothing real to hold the simulator to (sim/prlctl-migrate.test.ts checks the simulated prlctl migrate against the parser)',
  'vzps_-E_101_-o_pid,uid,rss,vsz,pcpu,time,comm__legacy_reconstructed.txt': 'reconstructed from procps’ layout, not a capture: nothing real to hold the simulator to (sim/tools/ct-actions.test.ts checks the simulated vzps against the parser)',
  'vzcpucheck__openvz_users_guide_2005_after_cpuunits1500.txt': 'the 2005 vzctl printed the node power as a float (73072.5); vzctl ≥ 3.0.17, simulated, prints an integer',
  'vzcpucheck__openvz_users_guide_2005_before.txt': 'the 2005 vzctl printed the node power as a float (73072.5); vzctl ≥ 3.0.17, simulated, prints an integer',
  'vzlist_-L__vzctl3.0.22_or_older__ployopenvz.txt': 'the field list of vzctl ≤ 3.0.22 (veid/vpsid, no ctid, no swappages); the simulator is vzctl 4.x or 7',
  'vzlist_-a__header_plus_edited_row__vzctl3.0.23__unxsvz.txt': 'vzctl 3.0.23’s header (STATUS %-7s, padded HOSTNAME) and a row edited by hand',
  'vzmemcheck_-v__vzctl3.0.x_2009_group_header_tabs__unxsvz.txt': 'a 2009 capture re-tabbed by whoever pasted it (group names on the first header line); the simulator prints vzctl ≥ 3.0.26’s layout',
  'vzmemcheck_-vA__summary_tail__vzctl3.0.25_before_fix__commit383e2756.txt': 'vzctl 3.0.25’s misaligned totals (73 dashes, 8-space indent), fixed in 3.0.26, which is what is simulated',
  'vzmigrate__fail_ploop_info_stopped_ct__vzctl4.0dev__commit24a78bb3.txt': 'a vzmigrate failure caused by a vzctl 4.0 development bug; migrations are simulated elsewhere and cannot hit it',
};

/** Nodes with every CT kind the cases need, found by trying seeds in order (deterministic). */
function nodeWith(gen: Generation, ok: (m: SimNodeModel) => boolean): SimNodeModel {
  for (let seed = 1; seed < 500; seed++) {
    const m = createNodeModel({ seed, index: 1, ctsPerNode: 14, generation: gen });
    if (ok(m)) return m;
  }
  throw new Error(`no ${gen} node with the CT kinds the fidelity cases need`);
}
const has = (m: SimNodeModel, f: (ct: SimContainer) => boolean) => m.containers.some(f);
const plainRunning = (ct: SimContainer) =>
  ct.status === 'running' && ct.layout === 'simfs' && !ct.vswap && ct.diskspace.usage < ct.diskspace.softlimit && ct.diskinodes.usage < ct.diskinodes.softlimit;

const NODES: Record<Generation, SimNodeModel> = {
  legacy: nodeWith('legacy', (m) =>
    m.kernelSeries === '2.6.32' && has(m, plainRunning) && has(m, (ct) => ct.vswap && ct.status === 'running') && has(m, (ct) => ct.layout === 'ploop') &&
    ['stopped', 'mounted', 'suspended'].every((s) => has(m, (ct) => ct.status === s))),
  vz7: nodeWith('vz7', (m) =>
    has(m, (ct) => ct.status === 'running' && ct.name !== null) && ['stopped', 'mounted', 'suspended'].every((s) => has(m, (ct) => ct.status === s))),
};

function ctOf(m: SimNodeModel, kind: string): SimContainer {
  const pick: Record<string, (ct: SimContainer) => boolean> = {
    running: m.generation === 'vz7' ? (ct) => ct.status === 'running' : plainRunning,
    vswap: (ct) => ct.vswap && ct.status === 'running',
    stopped: (ct) => ct.status === 'stopped',
    mounted: (ct) => ct.status === 'mounted',
    suspended: (ct) => ct.status === 'suspended',
  };
  const ct = m.containers.find(pick[kind] ?? pick.running!);
  if (!ct) throw new Error(`no ${kind} CT on the node`);
  return ct;
}

function commandFor(c: Case): string {
  const m = NODES[c.gen];
  return c.cmd.replace(/\{(\w+?)(Name|Uuid)?\}/g, (_, kind: string, what?: string) => {
    const ct = ctOf(m, kind);
    if (what === 'Name') return prlName(ct);
    if (what === 'Uuid') return ct.uuid ?? ct.ctid;
    return ct.ctid;
  });
}

function problemsOf(c: Case, sampleText: string, simText: string): string[] {
  const fix = (l: string) => (c.sampleFix ?? []).reduce((s, [re, to]) => s.replace(re, to), l);
  const norm = (l: string) => {
    const t = c.expandTabs ? expandTabs(l) : l;
    return c.trimTrailing ? t.trimEnd() : t;
  };
  const sample = textLines(sampleText).slice(c.stderrLines ?? 0).map(fix).map(norm);
  const sim = textLines(simText).map(norm);
  return compare(c, sample, sim);
}

function compare(c: Case, sample: string[], sim: string[]): string[] {
  const header = c.header ?? 1;
  const sameHeader = (n: number) =>
    sample.slice(0, n).flatMap((l, i) => (sim[i] === l ? [] : [`header line ${i + 1}: ${JSON.stringify(sim[i])} ≠ ${JSON.stringify(l)}`]));
  switch (c.check) {
    case 'exact':
      return sim.join('\n') === sample.join('\n') ? [] : ['output differs from the capture'];
    case 'header':
      return sameHeader(header);
    case 'words': {
      const [a, b] = [tokenize(sample[0]!), tokenize(sim[0]!)];
      const same = sim.length === 1 && a.length === b.length && a.every((t, i) => i === 1 || t.text === b[i]!.text) && / {2}/.test(sim[0]!) === false;
      return same ? [] : [`${JSON.stringify(sim[0])} is not shaped like ${JSON.stringify(sample[0])}`];
    }
    case 'keys': {
      const keys = (ls: string[]) => ls.map((l) => (/^\s/.test(l) ? `  ${tokenize(l)[0]!.text}` : l.replace(/:.*$/, ':')));
      return keys(sim).join('|') === keys(sample).join('|') ? [] : [`keys ${keys(sim).join('|')} ≠ ${keys(sample).join('|')}`];
    }
    case 'table':
      return [...sameHeader(header), ...compareRows(c, sample, sim, header)];
    default:
      return compareSpecial(c, sample, sim);
  }
}

/** Rows after the header, anchored by the capture's matching header line and its rows. */
function compareRows(c: Case, sample: string[], sim: string[], header: number, dataFrom = header): string[] {
  const until = (ls: string[]) => {
    const end = c.rowsUntil ? ls.findIndex((l, i) => i >= dataFrom && c.rowsUntil!.test(l)) : -1;
    return ls.slice(dataFrom, end < 0 ? undefined : end);
  };
  const sampleRows = until(sample);
  const layout = header > 0 ? [sample[c.layoutHeader ?? header - 1]!, ...sampleRows] : sampleRows;
  const columns = Math.min(...layout.map((l) => tokenize(l).length));
  const anchors = anchorsFrom(layout, columns, header > 0 ? 1 : 0);
  const rows = until(sim);
  if (rows.length === 0) return ['the simulator printed no rows to compare'];
  return rows.flatMap((l) => checkRow(l, anchors, { multiLast: c.multiLast, shapes: true }));
}

const BC_PREFIX = /^( *\S+: {2}| {12})/;

function compareSpecial(c: Case, sample: string[], sim: string[]): string[] {
  switch (c.check) {
    case 'beancounters': {
      const problems = [0, 1].flatMap((i) => (sim[i] === sample[i] ? [] : [`header line ${i + 1} differs`]));
      // The uid field (`     101:  `) is checked on its own; the rest is a table anchored by the capture.
      const blank = (l: string) => l.replace(BC_PREFIX, (p) => ' '.repeat(p.length));
      const anchors = anchorsFrom(sample.slice(2).map(blank), 6, 0);
      for (const l of sim.slice(2)) {
        if (!BC_PREFIX.test(l) || (/^ *\S+:/.test(l) && l.indexOf(':') !== 9)) problems.push(`uid field of ${JSON.stringify(l)}`);
        problems.push(...checkRow(blank(l), anchors, { shapes: true }));
      }
      return problems;
    }
    case 'tokens': {
      const word = (w: string) => (/^\S+:$/.test(w) ? '<id>:' : shapeOf(w) === 'text' ? w : shapeOf(w));
      const sig = (l: string) => tokenize(l).map((t) => word(t.text)).join(' ');
      const known = new Set(sample.map(sig));
      const dashes = (l: string) => (/^-+$/.test(l) ? '-----' : sig(l));
      const knownRows = new Set(sample.map(dashes));
      return sim.flatMap((l) => (knownRows.has(dashes(l)) || known.has(sig(l)) ? [] : [`no capture line has the words of ${JSON.stringify(l)}`]));
    }
    case 'vzcpucheck': {
      const verbose = sample[0]!.startsWith('VEID') || sample[0]!.startsWith('veid');
      const problems = verbose ? [0, 1].flatMap((i) => (sim[i] === sample[i] ? [] : [`header line ${i + 1}: ${JSON.stringify(sim[i])}`])) : [];
      const body = sim.slice(verbose ? 2 : 0);
      const rowRe = c.expandTabs ? /^\S+ +\d+$/ : /^\S+\t\t\d+$/;
      const summary = body.findIndex((l) => l.startsWith('Current CPU utilization'));
      for (const l of body.slice(0, summary)) if (!rowRe.test(l)) problems.push(`row ${JSON.stringify(l)}`);
      if (!/^Current CPU utilization: \d+$/.test(body[summary] ?? '')) problems.push('utilization line');
      if (!/^Power of the node: \d+$/.test(body[summary + 1] ?? '')) problems.push('power line');
      const warning = body[summary + 2];
      const spelled = c.gen === 'vz7' ? 'Warning: hardware node is overcommited' : 'Warning: hardware node is overcommitted';
      if (warning !== undefined && warning !== spelled) problems.push(`warning ${JSON.stringify(warning)}`);
      return problems;
    }
    case 'tail': {
      const tail = sim.slice(-3);
      const problems = tail[0] === sample[0] ? [] : ['dashes line'];
      for (const i of [1, 2]) problems.push(...checkRow(tail[i]!, anchorsFrom([sample[i]!], tokenize(sample[i]!).length, 0), { shapes: true }));
      return problems;
    }
    case 'proc-vzquota': {
      const problems = sim[0] === sample[0] ? [] : ['header line'];
      const anchors = anchorsFrom(sample.slice(2), 6, 0);
      for (const l of sim.slice(1)) {
        if (/^\S/.test(l)) {
          if (!/^\d+: \/vz\/private\/\d+$/.test(l)) problems.push(`qid line ${JSON.stringify(l)}`);
        } else problems.push(...checkRow(l, anchors, { shapes: true }));
      }
      return problems;
    }
    case 'veinfo': {
      // Re-right-align the id to %10u, then: class R5, nproc R5, each IP R15 after a space.
      const realign = (l: string) => {
        const [id] = tokenize(l);
        return `${id!.text.padStart(10)}${l.slice(id!.end)}`;
      };
      const anchors = anchorsFrom(sample.map(realign), 3, 0);
      return sim.map(realign).flatMap((l) => {
        const ipsOk = tokenize(l).slice(3).every((t, k) => t.end === 22 + 16 * (k + 1));
        return [...checkRow(l, anchors, { multiLast: true, shapes: true }), ...(ipsOk ? [] : [`IP columns of ${JSON.stringify(l)}`])];
      });
    }
    default:
      throw new Error(`no check ${c.check}`);
  }
}

describe('fidelity to the real captures', () => {
  const dir = new URL(SAMPLES);
  it('finds the samples folder (a missing folder is an error, not a skip)', () => {
    expect(existsSync(dir)).toBe(true);
  });
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.txt')).sort() : [];

  it('handles every sample: each one is a case or a documented skip, and every entry names a real sample', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expect(f in CASES || f in SKIPPED, `${f}: add it to CASES or SKIPPED`).toBe(true);
    for (const f of [...Object.keys(CASES), ...Object.keys(SKIPPED)]) expect(files, f).toContain(f);
    for (const f of Object.keys(CASES)) expect(SKIPPED, f).not.toHaveProperty(f);
  });

  describe.each(files.filter((f) => f in CASES))('%s', (file) => {
    const c = CASES[file]!;
    const out = sh(NODES[c.gen], commandFor(c));

    it(`\`${c.cmd}\` on a ${c.gen} node succeeds and the ${parserKindForSample(file)} parser accepts its output`, () => {
      expect(out.code, out.stderr).toBe(0);
      expect(() => parsers[parserKindForSample(file)](out.stdout)).not.toThrow();
    });

    it(`has the capture's layout (${c.check}${c.why ? `; ${c.why}` : ''})`, () => {
      expect(problemsOf(c, readFileSync(new URL(file, dir), 'utf8'), out.stdout)).toEqual([]);
    });
  });
});

describe('the figures the simulator prints follow FORMULAS.md applied to its own /proc files', () => {
  const LONG_MAX = Number('9223372036854775807');
  const nodes = [1, 2, 3, 4, 5].flatMap((seed) => [8, 30].map((cts) => createNodeModel({ seed, index: seed, ctsPerNode: cts, generation: 'legacy' })));

  it.each(nodes.map((m, i) => [i, m] as const))('vzmemcheck -v and -vA of legacy node %i: every CT and the summary, to 2 decimals', (_i, m) => {
    const blocks = parseBeancounters(sh(m, 'cat /proc/user_beancounters').stdout).blocks;
    const mem = parseMeminfo(sh(m, 'cat /proc/meminfo').stdout);
    const totals = computeNodeMemoryTotals({ memTotalKb: mem.memTotalKb, swapTotalKb: mem.swapTotalKb, lowTotalKb: mem.lowTotalKb });
    const expected = computeNodeMemoryCommitment(blocks, totals, undefined, { unlimitedAs: LONG_MAX });
    for (const unit of ['percent', 'mbytes'] as const) {
      const printed = parseVzmemcheck(sh(m, unit === 'percent' ? 'vzmemcheck -v' : 'vzmemcheck -vA').stdout);
      expect(printed.containers.map((r) => r.ctId)).toEqual(expected.containers.map((r) => r.ctId));
      const pairs = [
        ...printed.containers.map((row, k) => [row, toVzmemcheckUnits(expected.containers[k]!, unit)] as const),
        [printed.summary, toVzmemcheckUnits(expected.summary, unit)] as const,
      ];
      for (const [got, want] of pairs) {
        for (const col of MEMORY_COLUMNS) {
          const w = want[col]!;
          expect(Math.abs(got[col] - w), `${unit} ${col}: printed ${got[col]}, formula ${w}`).toBeLessThanOrEqual(0.005 + Math.abs(w) * 1e-12);
        }
      }
    }
  });

  it('legacy nodes oversell like real hosting: Alloc commit well above 100 %, Alloc limit above it', () => {
    for (const m of nodes.filter((n) => n.containers.length >= 30)) {
      const s = parseVzmemcheck(sh(m, 'vzmemcheck').stdout).summary;
      expect(s.allocCommit).toBeGreaterThan(120);
      expect(s.allocLimit).toBeGreaterThan(s.allocCommit);
      expect(s.ramUtil).toBeLessThan(100);
    }
  });

  const cpuNodes = [...nodes, ...[1, 2, 3].map((seed) => createNodeModel({ seed, index: seed, ctsPerNode: 20, generation: 'vz7' }))];
  it.each(cpuNodes.map((m, i) => [i, m.generation, m] as const))('vzcpucheck -v of node %i (%s): units from the weights, power from /proc/cpuinfo', (_i, _g, m) => {
    const printed = parseVzcpucheck(sh(m, 'vzcpucheck -v').stdout);
    expect(printed.nodePower).toBe(computeNodePower(sh(m, 'cat /proc/cpuinfo').stdout));
    const units = (cpuunits: number) => computeCpuUnitsFromWeight(computeWeightFromCpuunits(cpuunits));
    const expected = [
      { ctId: '0', cpuunits: units(m.ve0cpuunits) },
      ...m.containers.filter((ct) => ct.status === 'running').map((ct) => ({ ctId: ct.ctid, cpuunits: units(ct.cpuunits) })),
    ];
    expect(printed.containers).toEqual(expected);
    expect(printed.currentUtilization).toBe(expected.reduce((s, r) => s + r.cpuunits, 0));
    expect(printed.overcommitted).toBe(printed.currentUtilization > printed.nodePower);
  });
});

describe('the same outputs through real SSH', () => {
  // A fleet seed whose node 1 is OpenVZ 7 by default ('mixed'); node 0 is always legacy.
  let seed = 1;
  while (resolveGeneration('mixed', deriveSeed(seed, 1), 1) !== 'vz7') seed++;
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-fidelity-'));
  const now = EPOCH_MS;
  let fleet: SimFleet;
  let client: ssh2.Client;

  const connect = (port: number) =>
    new Promise<ssh2.Client>((resolve, reject) => {
      const c = new ssh2.Client();
      c.once('ready', () => resolve(c)).once('error', reject);
      c.connect({ host: '127.0.0.1', port, username: 'root', privateKey: readFileSync(fleet.clientKeyPath!), readyTimeout: 5000 });
    });
  const exec = (c: ssh2.Client, command: string) =>
    new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
      c.exec(command, (err, stream) => {
        if (err) return reject(err);
        const r = { stdout: '', code: null as number | null };
        stream.on('data', (d: Buffer) => (r.stdout += d.toString()));
        stream.stderr.on('data', () => undefined);
        stream.on('exit', (code: number) => (r.code = code));
        stream.on('close', () => resolve(r));
      });
    });

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 2, basePort: 0, dataDir, ctsPerNode: 12, seed, clock: () => now });
  });
  afterAll(async () => {
    client?.end();
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [0, 'legacy', 'cat /proc/user_beancounters; vzlist -a; vzmemcheck -vA'],
    [1, 'vz7', 'cat /proc/user_beancounters; vzlist -a; prlctl list -a; vzcpucheck -v'],
  ] as const)('node %i (%s): `%s` over SSH is byte for byte what the model renders', async (index, generation, command) => {
    const node = fleet.nodes[index]!;
    expect(node.model.generation).toBe(generation);
    client = await connect(node.port);
    const r = await exec(client, command);
    client.end();
    const twin = createNodeModel({ seed: deriveSeed(seed, index), index, ctsPerNode: 12 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(sh(twin, command).stdout);
  });
});
