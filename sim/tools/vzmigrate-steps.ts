/**
 * What vzmigrate's phases cost and print besides its own messages: simulated durations (they
 * scale with the CT's memory and disk), the timing block, the output of the commands it runs
 * (shown with -v) and rsync's failure messages. The arguments: vzmigrate-args.ts.
 */
import type { SimContainer } from '../world/model';
import { nextRange, type RngState } from '../world/prng';

/** Throughputs of a 2012-era node pair on gigabit Ethernet, KiB/s. */
const RSYNC_KBPS = 90 * 1024;
const SCP_KBPS = 110 * 1024;
const DUMP_KBPS = 400 * 1024;
const UNDUMP_KBPS = 350 * 1024;

/** Simulated seconds of each phase for one CT, with ±10 % jitter from the node's random stream. */
export function phaseSeconds(ct: SimContainer, rng: RngState) {
  const j = () => nextRange(rng, 0.9, 1.1);
  const diskKb = ct.diskspace.usage;
  const inodes = ct.diskinodes.usage;
  const numproc = ct.status === 'running' ? ct.ubc.numproc.held : 0;
  // The dump holds the CT's resident memory and its kernel objects.
  const dumpKb = ct.ubc.physpages.held * 4 + Math.round(ct.ubc.kmemsize.held / 1024);
  const changedKb = Math.min(diskKb, diskKb * 0.002 + 20_000);
  return {
    ssh: 0.12 * j(),
    prepare: 0.6 * j(),
    quotaInit: (0.2 + inodes / 1e6) * j(),
    rsync1: (2 + diskKb / RSYNC_KBPS + inodes / 8000) * j(),
    suspend: (0.05 + numproc * 0.002) * j(),
    dump: (0.1 + dumpKb / DUMP_KBPS) * j(),
    copyDump: (0.05 + dumpKb / SCP_KBPS) * j(),
    rsync2: (0.3 + inodes / 60_000 + changedKb / RSYNC_KBPS) * j(),
    quota2: (0.05 + inodes / 2e6) * j(),
    undump: (0.15 + dumpKb / UNDUMP_KBPS) * j(),
    resume: 0.02 * j(),
    pcopy: (0.3 + dumpKb / 4 / RSYNC_KBPS) * j(),
    stop: (1.5 + numproc * 0.01) * j(),
    start: (2.5 + numproc * 0.005) * j(),
    cleanup: 0.4 * j(),
  };
}
export type PhaseSeconds = ReturnType<typeof phaseSeconds>;

/** Seconds rsync needs for `kb` of the private area (a failing rsync stops partway). */
export function rsyncSeconds(kb: number, inodes: number): number {
  return 2 + kb / RSYNC_KBPS + inodes / 8000;
}

/** print_times: `  %20s: %6.2f` lines between empty lines, a `------` rule before the total. */
export function timingBlock(steps: [string, number][], total: number): string {
  const line = (label: string, seconds: number) => `  ${label.padStart(20)}: ${seconds.toFixed(2).padStart(6)}\n`;
  return `\n${steps.map(([l, s]) => line(l, s)).join('')}  ${' '.repeat(20)}  ------\n${line('Total suspended time', total)}\n`;
}

/** `ps -f -p PID` of the vzmigrate holding a lock (procps 3.2.8). */
export function psLine(pid: number, command: string, sinceEpochMs: number): string {
  const d = new Date(sinceEpochMs);
  const stime = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `UID        PID  PPID  C STIME TTY          TIME CMD\n${'root'.padEnd(8)} ${String(pid).padStart(5)} ${String(pid - 3).padStart(5)}  0 ${stime} ?        00:00:00 ${command}\n`;
}

/** What the vzctl commands vzmigrate runs print (shown with -v). */
export const vzctlSays = {
  saved: (id: string) => [`Saved parameters for CT ${id}`],
  suspend: () => ['Setting up checkpoint...', '\tsuspend...', 'Checkpointing completed successfully'],
  dump: () => ['Setting up checkpoint...', '\tdump...', 'Checkpointing completed successfully'],
  undump: (ct: SimContainer) => [
    'Restoring container ...',
    'Starting container ...',
    'Container is mounted',
    '\tundump...',
    ...(ct.ips.length > 0 ? [`Adding IP address(es): ${ct.ips.join(' ')}`] : []),
    `Setting CPU units: ${ct.cpuunits}`,
    'Restoring completed successfully',
  ],
  resume: () => ['Resuming...'],
  kill: () => ['Killing...'],
  umount: () => ['Container is unmounted'],
  stop: () => ['Stopping container ...', 'Container was stopped', 'Container is unmounted'],
  start: (ct: SimContainer) => [
    'Starting container ...',
    'Container is mounted',
    ...(ct.ips.length > 0 ? [`Adding IP address(es): ${ct.ips.join(' ')}`] : []),
    `Setting CPU units: ${ct.cpuunits}`,
    'Container start in progress...',
  ],
  mount: () => ['Container is mounted'],
  destroy: (id: string) => [`Destroying container private area: /vz/private/${id}`, 'Container private area was destroyed'],
};

/** rsync 3.0.6's last words (stderr) when the destination disk fills up. */
export function rsyncDiskFull(id: string, copiedKb: number): string {
  return (
    `rsync: write failed on "/vz/private/${id}/var/lib/mysql/ibdata1": No space left on device (28)\n` +
    'rsync error: error in file IO (code 11) at receiver.c(322) [receiver=3.0.6]\n' +
    `rsync: connection unexpectedly closed (${Math.round(copiedKb * 9.7)} bytes received so far) [sender]\n` +
    'rsync error: error in rsync protocol data stream (code 12) at io.c(600) [sender=3.0.6]\n'
  );
}

/** ...and when its ssh connection dies mid-copy. */
export function rsyncConnectionLost(copiedKb: number): string {
  return (
    'Write failed: Broken pipe\n' +
    `rsync: connection unexpectedly closed (${Math.round(copiedKb * 9.7)} bytes received so far) [sender]\n` +
    'rsync error: unexplained error (code 255) at io.c(600) [sender=3.0.6]\n'
  );
}
