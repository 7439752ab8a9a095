/**
 * `vzmigrate [--online|--live] [-v] [-t] [--keep-dst] [-r yes|no] <dst-host> <ct>`: the legacy
 * vzctl 4.x script (FORMATS §12, FORMULAS §10.1), message for message with its exit codes. It
 * takes simulated time that grows with the CT's disk (rsync) and memory (dump), compressed by the
 * fleet's time scale, and moves the CT to the destination node of the fleet: gone from the
 * source's vzlist and beancounters, there on the destination's — with its beancounters and
 * failcnt after a live migration, restarted (failcnt reset) after an offline one.
 * The destination is found in the fleet directory by node name, host name, or own address.
 * On an OpenVZ 7 node the same script runs (the real OpenVZ 7 vzmigrate is another program).
 */
import { findContainer, type SimContainer } from '../world/model';
import { freeDiskKb, type SimHost } from '../world/directory';
import { restartContainer } from '../world/scenarios';
import { fail, ok, type AnyCommandHandler, type CommandContext, type CommandIO } from './types';
import {
  parseVzmigrateArgs,
  phaseSeconds,
  psLine,
  rsyncConnectionLost,
  rsyncDiskFull,
  rsyncSeconds,
  timingBlock,
  vzctlSays,
  type VzmigrateOptions,
} from './vzmigrate-steps';

const EXIT = { stopped: 2, cantConnect: 4, copy: 6, exists: 9, noexist: 10, ipInUse: 12, notRunning: 14, applyConfig: 15, locked: 20 } as const;

/** migrate-flood: 64 KiB chunks written before the flood ends (24 MiB). */
const FLOOD_CHUNKS = 384;

export const vzmigrateCommand: AnyCommandHandler = (args, ctx) => {
  const parsed = parseVzmigrateArgs(args);
  if (!parsed.ok) return parsed.help ? ok(parsed.usage) : fail(1, parsed.stderr, parsed.usage);
  const options = parsed.options;
  if (!/^\d+$/.test(options.ct)) {
    // The script asks `vzlist -o ctid -H <name>` for a CT given by name.
    const byName = findContainer(ctx.model, options.ct);
    if (!byName) return fail(EXIT.noexist, `CT ID ${options.ct} is invalid.\n`);
    options.ct = byName.ctid;
  }
  return { stream: (io) => migrate(options, ctx, io) };
};

/** Moves `ct` from one node's model to the other's (the CT object itself travels). */
function moveContainer(from: SimHost, to: SimHost, ct: SimContainer): void {
  const i = from.model.containers.indexOf(ct);
  if (i >= 0) from.model.containers.splice(i, 1);
  to.model.containers.push(ct);
}

async function migrate(o: VzmigrateOptions, ctx: CommandContext, io: CommandIO): Promise<number> {
  const host = ctx.host;
  const model = ctx.model;
  const out = (line: string) => io.write(1, `${line}\n`);
  const error = (line: string) => io.write(2, `Error: ${line}\n`);
  const debug = (line: string) => o.verbose > 0 && out(`   ${line}`);
  const shown = (lines: string[]) => o.verbose > 0 && lines.forEach(out);
  const wait = (simSeconds: number) => io.sleep(simSeconds * 1000 * (host?.timeScale ?? 1));
  const veid = o.ct;

  debug('Loading /etc/vz/vz.conf');
  const ctId = Number(veid);
  const locks = host?.locks;
  const holder = locks?.get(ctId);
  if (holder) {
    error(`CT ${veid} already locked by PID ${holder.pid}`);
    io.write(1, psLine(holder.pid, holder.command, holder.sinceEpochMs));
    return EXIT.locked;
  }
  const pid = ++model.lastPid;
  const command = `/bin/sh /usr/sbin/vzmigrate ${[o.online ? '--live' : '', o.verbose ? '-v' : '', o.dst, veid].filter(Boolean).join(' ')}`;
  locks?.set(ctId, { pid, command, sinceEpochMs: ctx.epochMs });
  out(`Locked CT ${veid}`);
  try {
    return await migrateLocked();
  } finally {
    if (locks?.get(ctId)?.pid === pid) locks.delete(ctId);
  }

  /**
   * A node taken over: far more output than any client should keep (a line with no newline
   * first), then exit 1. Bounded so a client that stops reading does not leave it running.
   */
  async function flood(): Promise<number> {
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < FLOOD_CHUNKS; i++) {
      io.write(1, i < 16 ? chunk : `${chunk}\n`);
      await io.sleep(2);
    }
    return 1;
  }

  async function migrateLocked(): Promise<number> {
    const ct = findContainer(model, veid);
    if (!ct) {
      error(`CT #${veid} doesn't exist`);
      return EXIT.noexist;
    }
    const running = ct.status === 'running';
    const mounted = running || ct.status === 'mounted';
    const suspended = ct.status === 'suspended';
    const ploop = ct.layout === 'ploop';
    if (o.online && !running) {
      error("Can't perform live migration of a stopped container");
      return EXIT.stopped;
    }
    out(`${o.checkOnly ? 'Checking' : 'Starting'} ${o.online ? 'live migration' : 'migration'} of CT ${veid} to ${o.dst}`);
    const t = phaseSeconds(ct, model.rng);
    await wait(t.ssh);
    // `ssh -o BatchMode=yes root@$host /bin/true`: the script itself adds the "root@".
    const found = o.dst.includes('@') || !host ? null : host.directory.resolve(o.dst, o.sshPort);
    const dst = found?.ok ? found.host : null;
    if (dst && (dst.fault === 'silent' || dst.fault === 'hang')) {
      await new Promise<never>((_, reject) => io.signal.addEventListener('abort', () => reject(io.signal.reason), { once: true }));
    }
    if (!dst || dst.fault === 'refuse' || dst.fault === 'auth-refused' || dst.fault === 'wrong-host-key') {
      error("Can't connect to destination address using public key");
      error('Please put your public key to destination node');
      return EXIT.cantConnect;
    }
    shown(['OpenVZ is running...']);
    if (host?.fault === 'migrate-flood' && !o.checkOnly) return flood();
    if (o.online) {
      if (!host!.cptLoaded || model.generation === 'vz7') {
        error('vzcpt module is not loaded on the source node');
        error("Can't continue live migration");
        return EXIT.notRunning;
      }
      if (!dst.cptLoaded || dst.model.generation === 'vz7') {
        error('vzrst module is not loaded on the destination node');
        error("Can't continue live migration");
        return EXIT.notRunning;
      }
    }
    dst.tick();
    if (findContainer(dst.model, veid)) {
      error(`CT #${veid} already exists on destination node`);
      return EXIT.exists;
    }
    if (o.online || suspended) {
      debug('Checking for CPT version compatibility');
      debug('Checking for CPU flags compatibility');
    }
    debug(`Loading /etc/vz/conf/${veid}.conf`);
    debug('Getting remote VE_ROOT and VE_PRIVATE');
    if (ploop) debug('Checking if ploop is supported on destination node');
    if (ct.ips.length > 0) {
      // The script echoes "$IP_ADDRESS " through sed, which leaves two trailing spaces.
      debug(`Checking IPs on destination node: ${ct.ips.join(' ')}  `);
      const inUse = new Set(dst.model.containers.filter((c) => c.status === 'running').flatMap((c) => c.ips));
      if (ct.ips.some((ip) => inUse.has(ip))) {
        error('IP address(es) already in use on destination node');
        return EXIT.ipInUse;
      }
    }
    await wait(t.ssh * 4);
    if (o.checkOnly) return 0;

    out('Preparing remote node');
    debug('Copying config file');
    if (dst.model.generation !== model.generation) {
      // A legacy CT config means nothing to OpenVZ 7's vzctl (nor the reverse).
      error('Failed to apply config on destination node');
      return EXIT.applyConfig;
    }
    shown([...vzctlSays.saved(veid), ...vzctlSays.saved(veid)]);
    if (suspended) debug('Copying dump file');
    debug('Creating remote container root dir');
    debug('Creating remote container private dir');
    await wait(t.prepare);
    if (!ploop) {
      out('Initializing remote quota');
      debug('Quota init');
      debug('Turning remote quota on');
      await wait(t.quotaInit);
    }

    out('Syncing private');
    const needKb = ct.diskspace.usage;
    const freeKb = freeDiskKb(dst);
    const lost = host!.fault === 'migrate-fail-copy' || dst.fault === 'migrate-fail-copy';
    if (lost || needKb > freeKb) {
      const copiedKb = lost ? Math.min(needKb, freeKb) * 0.4 : freeKb;
      await wait(rsyncSeconds(copiedKb, (ct.diskinodes.usage * copiedKb) / Math.max(1, needKb)));
      io.write(2, lost ? rsyncConnectionLost(copiedKb) : rsyncDiskFull(veid, copiedKb));
      error('Failed to sync container private areas');
      return EXIT.copy;
    }
    await wait(t.rsync1);

    if (o.online) return liveMigrate(ct, dst, t);
    return offlineMigrate(ct, dst, t, { running, mounted, suspended, ploop });
  }

  async function liveMigrate(ct: SimContainer, dst: SimHost, t: ReturnType<typeof phaseSeconds>): Promise<number> {
    const ploop = ct.layout === 'ploop';
    out('Live migrating container...');
    let pcopy = 0;
    if (!ploop) {
      debug('Suspending container');
      shown(vzctlSays.suspend());
      await wait(t.suspend);
    } else {
      debug('Copying top ploop delta with CT suspend');
      out(`Trying port ${1024 + (ctId % 31744)}`);
      shown(vzctlSays.suspend());
      pcopy = t.pcopy;
      await wait(t.pcopy + t.suspend);
    }
    debug('Dumping container');
    shown(vzctlSays.dump());
    await wait(t.dump);
    debug('Copying dumpfile');
    await wait(t.copyDump);
    if (!ploop) {
      debug('Syncing private (2nd pass)');
      await wait(t.rsync2);
      out('Syncing 2nd level quota');
      debug('Dumping 2nd level quota');
      debug('Copying 2nd level quota');
      debug('Loading 2nd level quota');
      await wait(t.quota2);
    }
    debug('Undumping container');
    shown(vzctlSays.undump(ct));
    await wait(t.undump);
    debug('Resuming container');
    shown(vzctlSays.resume());
    await wait(t.resume);
    // Resumed on the destination: the same CT, its beancounters and failcnt as they were.
    host!.tick();
    dst.tick();
    moveContainer(host!, dst, ct);
    if (o.times) {
      const steps: [string, number][] = ploop
        ? [['Suspend + Dump', t.suspend + t.dump], ['Pcopy after suspend', pcopy], ['Copy dump file', t.copyDump], ['Undump + Resume', t.undump + t.resume]]
        : [['Suspend + Dump', t.suspend + t.dump], ['Copy dump file', t.copyDump], ['Second rsync', t.rsync2], ['2nd level quota', t.quota2], ['Undump + Resume', t.undump + t.resume]];
      io.write(1, timingBlock(steps, steps.reduce((s, [, v]) => s + v, 0)));
    }
    out('Cleaning up');
    debug('Killing container');
    shown([...vzctlSays.kill(), ...vzctlSays.umount()]);
    debug('Removing dumpfiles');
    await wait(t.cleanup);
    destroySource();
    return 0;
  }

  async function offlineMigrate(
    ct: SimContainer,
    dst: SimHost,
    t: ReturnType<typeof phaseSeconds>,
    s: { running: boolean; mounted: boolean; suspended: boolean; ploop: boolean },
  ): Promise<number> {
    if (s.running) {
      if (!s.ploop) {
        out('Stopping container');
        shown(vzctlSays.stop());
      } else {
        out('Copying top ploop delta with CT stop');
        out(`Trying port ${1024 + (ctId % 31744)}`);
        shown(vzctlSays.stop());
      }
      ct.status = 'stopped';
      ct.laverage = [0, 0, 0];
      await wait(t.stop + (s.ploop ? t.pcopy : 0));
      if (s.ploop) {
        out('Unmounting container');
        shown(vzctlSays.umount());
      }
    } else if (s.mounted) {
      out('Unmounting container');
      shown(vzctlSays.umount());
      ct.status = 'stopped';
    }
    if (s.running && !s.ploop) {
      debug('Syncing private (2nd pass)');
      await wait(t.rsync2);
    }
    if (!s.ploop) {
      out('Syncing 2nd level quota');
      debug('Dumping 2nd level quota');
      debug('Copying 2nd level quota');
      debug('Loading 2nd level quota');
      await wait(t.quota2);
    }
    if (s.running) {
      out('Starting container');
      shown(vzctlSays.start(ct));
      await wait(t.start);
      host!.tick();
      dst.tick();
      moveContainer(host!, dst, ct);
      restartContainer(dst.model, ct);
    } else {
      moveContainer(host!, dst, ct);
      if (s.mounted) {
        out('Mounting container');
        shown(vzctlSays.mount());
        ct.status = 'mounted';
      } else if (!s.ploop) out('Turning quota off');
      if (s.suspended) ct.status = 'suspended';
    }
    out('Cleaning up');
    await wait(t.cleanup);
    destroySource();
    return 0;
  }

  /** `vzctl destroy` on the source, or (-r no) its config renamed to <id>.conf.migrated. */
  function destroySource(): void {
    if (o.removeArea) {
      debug('Destroying container');
      shown(vzctlSays.destroy(veid));
    }
  }
}
