import { describe, expect, it } from 'vitest';
import { splitCollectOutput } from '../../server/ssh/split-sections';
import { parseBeancounters, parseMeminfo, parseVzcpucheck } from '../../server/openvz/index';
import { parseVzlistJson } from '../../server/openvz/vzlist-json';
import { buildCollectScript } from '../../server/ssh/commands';
import { createNodeModel } from '../world/model';
import { runCommandLine, runCommandLineStreaming } from './shell';
import type { SimFault } from '../tools/types';

const T = '0123456789abcdef'.repeat(2);
const COLLECT_SCRIPT =
  `echo '@@vzfleet:${T} begin beancounters'; cat /proc/user_beancounters | tr -s ' '; echo "@@vzfleet:${T} end beancounters $?"; ` +
  `echo '@@vzfleet:${T} begin vzlist'; vzlist -a -j -o ctid,status,ostemplate,cpuunits,cpulimit,diskspace,diskinodes,ip,hostname,name,description; echo "@@vzfleet:${T} end vzlist $?"; ` +
  `echo '@@vzfleet:${T} begin vzcpucheck'; vzcpucheck -v; echo "@@vzfleet:${T} end vzcpucheck $?"; ` +
  `echo '@@vzfleet:${T} begin meminfo'; cat /proc/meminfo; echo "@@vzfleet:${T} end meminfo $?"`;

const model = createNodeModel({ seed: 42, index: 0 });
const sh = (line: string, fault: SimFault | null = null) => runCommandLine(line, { model, fault, epochMs: 1_700_000_000_000 });

describe('the collect script', () => {
  it('is the script server/ssh/commands.ts sends', () => {
    expect(buildCollectScript({ full: true, token: T })).toBe(COLLECT_SCRIPT);
  });

  it('yields the four sections, each ending with exit code 0, each parsable', () => {
    const r = sh(COLLECT_SCRIPT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const name of ['beancounters', 'vzlist', 'vzcpucheck', 'meminfo']) {
      expect(r.stdout).toContain(`\n@@vzfleet:${T} end ${name} 0\n`);
    }
    const sections = splitCollectOutput(r.stdout, T).sections;
    expect(Object.keys(sections)).toEqual(['beancounters', 'vzlist', 'vzcpucheck', 'meminfo']);
    expect(parseBeancounters(sections.beancounters!.text).blocks.length).toBe(8);
    // Squeezed by tr: the same beancounters as the file, with one space between columns.
    const file = sh('cat /proc/user_beancounters').stdout;
    expect(sections.beancounters!.text).toBe(file.replace(/ +/g, ' '));
    expect(sections.beancounters!.text.length).toBeLessThan(file.length * 0.5);
    expect(parseBeancounters(sections.beancounters!.text)).toEqual(parseBeancounters(file));
    expect(parseVzlistJson(sections.vzlist!.text).containers).toHaveLength(8);
    expect(parseVzcpucheck(sections.vzcpucheck!.text).containers).toHaveLength(8);
    expect(parseMeminfo(sections.meminfo!.text).memTotalKb).toBe(model.memTotalKb);
  });

  it('with the garbled fault, only the beancounters section is corrupted', () => {
    const sections = splitCollectOutput(sh(COLLECT_SCRIPT, 'garbled').stdout, T).sections;
    expect(sections.beancounters!.exitCode).toBe(0);
    expect(() => parseBeancounters(sections.beancounters!.text)).toThrow(/line 3/);
    expect(() => parseVzcpucheck(sections.vzcpucheck!.text)).not.toThrow();
  });
});

describe('shell semantics', () => {
  it('expands $? when each command runs; single quotes do not expand', () => {
    expect(sh('false; echo "a $?"; echo "b $?"').stdout).toBe('a 1\nb 0\n');
    expect(sh(`vzlist 999; echo "code $?"; echo '$?'`).stdout).toBe('code 1\n$?\n');
    expect(sh('echo $?').stdout).toBe('0\n');
  });

  it('&& and || short-circuit with left-to-right grouping; the status is the last command’s', () => {
    expect(sh('true && echo a || echo b').stdout).toBe('a\n');
    expect(sh('false && echo a || echo b').stdout).toBe('b\n');
    expect(sh('false || false && echo never; echo "$?"').stdout).toBe('1\n');
    expect(sh('echo x; false').code).toBe(1);
    expect(sh('false; echo x').code).toBe(0);
  });

  it('unknown command: sh’s message on stderr, status 127', () => {
    expect(sh('nosuchtool -v')).toMatchObject({ stdout: '', stderr: 'sh: nosuchtool: command not found\n', code: 127 });
    expect(sh('nosuchtool; echo $?').stdout).toBe('127\n');
  });

  it('real tool errors and exit codes', () => {
    expect(sh('vzquota stat 999')).toMatchObject({
      stdout: '',
      stderr: 'vzquota : (error) Quota accounting is off, try vzquota show id\n\n',
      code: 6,
    });
    expect(sh('vzquota show 999')).toMatchObject({ stderr: 'vzquota : (error) Quota file must exist for show command\n', code: 11 });
    expect(sh('vzlist 999')).toMatchObject({ stdout: '', stderr: 'Container(s) not found\n', code: 1 });
    expect(sh('cat /proc/nope')).toMatchObject({ stderr: 'cat: /proc/nope: No such file or directory\n', code: 1 });
    expect(sh('vzlist -Z').code).toBe(1);
    expect(sh('vzlist -Z').stderr).toBe("vzlist: invalid option -- 'Z'\n");
    expect(sh('uname -r').stdout).toBe('2.6.32-042stab141.3\n');
  });

  it('2>&1 and /dev/null redirections apply left to right, in write order', () => {
    const running = model.containers.find((c) => c.status === 'running')!;
    const merged = sh(`vzquota show ${running.ctId} 2>&1`);
    expect(merged.stderr).toBe('');
    expect(merged.stdout.startsWith('vzquota : (warning) Quota is running')).toBe(true);
    expect(sh('nosuchtool 2>/dev/null; echo $?')).toMatchObject({ stdout: '127\n', stderr: '' });
    expect(sh('nosuchtool 2>&1 >/dev/null')).toMatchObject({ stdout: 'sh: nosuchtool: command not found\n', stderr: '' });
    expect(sh('echo hi >&2')).toMatchObject({ stdout: '', stderr: 'hi\n' });
  });

  it('pipes feed cat; syntax errors are bash’s, status 2, and nothing runs', () => {
    expect(sh('uname -r | cat').stdout).toBe('2.6.32-042stab141.3\n');
    expect(sh("echo 'open")).toMatchObject({ stdout: '', code: 2 });
    const r = sh('echo one;; echo two');
    expect(r).toMatchObject({ stdout: '', code: 2 });
    expect(r.stderr).toContain("syntax error near unexpected token `;;'");
    expect(sh('echo $(id)').code).toBe(2);
  });

  it('tr -s squeezes runs of the listed characters read from the pipe, and refuses what it does not simulate', () => {
    expect(sh("echo 'aaa  b  ]]x' | tr -s ' a]'").stdout).toBe('a b ]x\n');
    const r = sh("echo x | tr a-z A-Z");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('only "tr -s SET"');
  });

  it('exit stops the script with its status', () => {
    expect(sh('echo a; exit 3; echo b')).toMatchObject({ stdout: 'a\n', code: 3 });
  });
});

describe('streaming commands', () => {
  const io = (writes: { fd: number; data: string; at: number }[], signal = new AbortController().signal) => {
    const t0 = performance.now();
    return {
      write: (fd: 1 | 2, data: string) => writes.push({ fd, data, at: performance.now() - t0 }),
      sleep: (ms: number) => new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
      }),
      signal,
    };
  };

  it('output before a streaming command leaves before it finishes; the status is the last command’s', async () => {
    const writes: { fd: number; data: string; at: number }[] = [];
    const code = await runCommandLineStreaming('echo a; sleep 0.1; echo b >&2; false', { model, fault: null, epochMs: 0 }, io(writes));
    expect(code).toBe(1);
    expect(writes.map((w) => [w.fd, w.data])).toEqual([[1, 'a\n'], [2, 'b\n']]);
    expect(writes[0]!.at).toBeLessThan(50);
    expect(writes[1]!.at).toBeGreaterThanOrEqual(90);
  });

  it('streamed output goes through pipes and redirections like any other', async () => {
    const writes: { fd: number; data: string; at: number }[] = [];
    expect(await runCommandLineStreaming('sleep 0.01 && echo x | cat; sleep x 2>&1', { model, fault: null, epochMs: 0 }, io(writes))).toBe(1);
    expect(writes.map((w) => w.data).join('')).toBe("x\nsleep: invalid time interval `x'\nTry `sleep --help' for more information.\n");
  });

  it('the synchronous runner refuses a streaming command; an abort stops one', async () => {
    expect(() => sh('sleep 1')).toThrow(/streaming/);
    const abort = new AbortController();
    const running = runCommandLineStreaming('sleep 10; echo never', { model, fault: null, epochMs: 0 }, io([], abort.signal));
    abort.abort();
    await expect(running).rejects.toThrow('aborted');
  });

  it('date prints the node clock in UTC', () => {
    const at = { model, fault: null, epochMs: Date.UTC(2023, 10, 14, 22, 13, 20, 5) };
    expect(runCommandLine('date; date +%s; date -R; date "+%F %T %j"', at).stdout).toBe(
      'Tue Nov 14 22:13:20 UTC 2023\n1700000000\nTue, 14 Nov 2023 22:13:20 +0000\n2023-11-14 22:13:20 318\n',
    );
  });
});
