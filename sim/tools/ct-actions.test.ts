import { describe, expect, it } from 'vitest';
import { parseCtStatus, parseVzlistNoHeader } from '../../server/openvz/index';
import { parseVzps } from '../../server/openvz/vzps';
import { createNodeModel, type Generation, type SimNodeModel } from '../world/model';
import { runCommandLine } from '../shell/shell';

const sh = (m: SimNodeModel, line: string, cptLoaded = true) =>
  runCommandLine(line, { model: m, fault: null, epochMs: 1_700_000_000_000, host: { cptLoaded } as never });
const node = (generation: Generation) => createNodeModel({ seed: 11, index: 2, ctsPerNode: 12, generation });
const statusOf = (m: SimNodeModel, id: string) => parseCtStatus(sh(m, `vzctl status ${id}`).stdout).status;
const vzlistStatus = (m: SimNodeModel, id: string) => parseVzlistNoHeader(sh(m, 'vzlist -a -H -o ctid,status').stdout, ['ctid', 'status']).containers.find((c) => String(c.ctid) === id)?.status;

describe('simulated vzctl actions (legacy): the real messages and exit codes, the status changed for the next poll', () => {
  it('stop, start, restart of a running CT', () => {
    const m = node('legacy');
    const id = m.containers.find((c) => c.status === 'running')!.ctid;
    const stop = sh(m, `vzctl stop ${id}`);
    expect(stop).toMatchObject({ code: 0, stdout: 'Stopping container ...\nContainer was stopped\nContainer is unmounted\n' });
    expect(statusOf(m, id)).toBe('stopped');
    expect(vzlistStatus(m, id)).toBe('stopped');
    // vzctl 4.x reports a stop of a stopped CT and still exits 0.
    expect(sh(m, `vzctl stop ${id}`)).toMatchObject({ code: 0, stderr: 'Unable to stop: container is not running\n' });
    const start = sh(m, `vzctl start ${id}`);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^Starting container\.\.\.\nContainer is mounted\n(Adding IP address\(es\): .*\n)?Setting CPU units: \d+\nContainer start in progress\.\.\.\n$/);
    expect(sh(m, `vzctl start ${id}`)).toMatchObject({ code: 32, stderr: 'Container is already running\n' });
    expect(sh(m, `vzctl stop ${id} --fast`).stdout).toMatch(/^Killing container \.\.\./);
    expect(sh(m, `vzctl restart ${id}`).stdout).toMatch(/^Restarting container\nStarting container\.\.\./);
    expect(statusOf(m, id)).toBe('running');
  });

  it('chkpnt and restore (and their 4.x names suspend/resume), refused without vzcpt/vzrst', () => {
    const m = node('legacy');
    const id = m.containers.find((c) => c.status === 'running')!.ctid;
    expect(sh(m, `vzctl chkpnt ${id}`, false)).toMatchObject({ code: 16 });
    expect(statusOf(m, id)).toBe('running');
    const c = sh(m, `vzctl chkpnt ${id}`);
    expect(c.code).toBe(0);
    expect(c.stdout).toBe('Setting up checkpoint...\n\tsuspend...\n\tdump...\n\tkill...\nContainer is unmounted\nCheckpointing completed successfully\n');
    expect(sh(m, `vzctl status ${id}`).stdout).toBe(`CTID ${id} exist unmounted down suspended\n`);
    expect(sh(m, `vzctl chkpnt ${id}`)).toMatchObject({ code: 31 });
    expect(sh(m, `vzctl restore ${id}`).stdout).toMatch(/^Restoring container \.\.\.\n[\s\S]*Restoring completed successfully\n$/);
    expect(sh(m, `vzctl restore ${id}`)).toMatchObject({ code: 32, stderr: 'Unable to perform restore: container already running\n' });
    expect(sh(m, `vzctl suspend ${id}`).code).toBe(0);
    expect(sh(m, `vzctl resume ${id}`).code).toBe(0);
    expect(statusOf(m, id)).toBe('running');
  });

  it('refuses bad ids and options like vzctl', () => {
    const m = node('legacy');
    expect(sh(m, 'vzctl start 99999')).toMatchObject({ code: 43 });
    expect(sh(m, 'vzctl start abc').code).toBe(21);
    expect(sh(m, `vzctl start ${m.containers[0]!.ctid} --bogus`).code).toBe(20);
  });
});

describe('simulated prlctl actions (OpenVZ 7)', () => {
  it('stop, start, suspend, resume, restart with prlctl\'s messages; errors exit 255', () => {
    const m = node('vz7');
    const ct = m.containers.find((c) => c.status === 'running')!;
    const id = ct.ctid;
    expect(sh(m, `prlctl stop ${id}`)).toMatchObject({ code: 0, stdout: 'Stopping the CT...\nThe CT has been successfully stopped.\n' });
    expect(statusOf(m, id)).toBe('stopped');
    expect(sh(m, `prlctl stop ${id}`)).toMatchObject({ code: 255, stderr: 'Failed to stop the CT: The CT is not running.\n' });
    expect(sh(m, `prlctl start ${id}`)).toMatchObject({ code: 0, stdout: 'Starting the CT...\nThe CT has been successfully started.\n' });
    expect(sh(m, `prlctl suspend ${id}`).stdout).toBe('Suspending the CT...\nThe CT has been successfully suspended.\n');
    expect(sh(m, `vzctl status ${id}`).stdout).toBe(`VEID ${id} exist unmounted suspended\n`);
    expect(sh(m, `prlctl resume ${id}`).stdout).toBe('Resuming the CT...\nThe CT has been successfully resumed.\n');
    expect(sh(m, `prlctl restart ${id}`).stdout).toBe('Restarting the CT...\nThe CT has been successfully restarted.\n');
    expect(sh(m, `prlctl stop ${id} --fast`).stdout).toBe('Stopping the CT...\nThe CT has been forcibly stopped\n');
    expect(sh(m, 'prlctl start nosuch').code).toBe(255);
  });
});

describe('simulated vzps', () => {
  it('prints the processes of a running CT in the parsed format; a stopped CT prints the header and exits 1', () => {
    const m = node('legacy');
    const running = m.containers.find((c) => c.status === 'running')!;
    const r = sh(m, `vzps -E ${running.ctid} -o pid,uid,rss,vsz,pcpu,time,comm`);
    expect(r.code).toBe(0);
    const report = parseVzps(r.stdout);
    expect(report.ctId).toBe(running.ctid);
    expect(report.processes.length).toBeGreaterThan(0);
    expect(report.processes[0]!.command).toBe('init');
    const stopped = m.containers.find((c) => c.status === 'stopped')!;
    const s = sh(m, `vzps -E ${stopped.ctid} -o pid,uid,rss,vsz,pcpu,time,comm`);
    expect(s.code).toBe(1);
    expect(parseVzps(s.stdout).processes).toEqual([]);
    expect(sh(m, `vzps -E ${running.ctid} -o args`).code).toBe(1);
  });
});
