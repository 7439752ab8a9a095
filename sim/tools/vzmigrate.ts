/**
 * `vzmigrate [--online|--live] [-v] [-t] [--keep-dst] [-r yes|no] <dst-host> <ct>`: the legacy
 * vzctl 4.x script (FORMATS §12, FORMULAS §10.1), message for message with its exit codes. It
 * takes simulated time that grows with the CT's disk (rsync) and memory (dump), compressed by the
 * fleet's time scale, and moves the CT to the destination node of the fleet: gone from the
 * source's vzlist and beancounters, there on the destination's — with its beancounters and
 * failcnt after a live migration, restarted (failcnt reset) after an offline one.
 * The destination is found in the fleet directory by node name, host name, or own address.
 * On an OpenVZ 7 node the same script runs (the real OpenVZ 7 vzmigrate is another program).
 *
 * Its phases, each in its own file: the arguments (vzmigrate-args.ts), the lock (here), the
 * preliminary checks (vzmigrate-precheck.ts), the first copy (vzmigrate-copy.ts), then the live
 * (vzmigrate-live.ts) or offline (vzmigrate-offline.ts) move and the clean-up; what they share is
 * in vzmigrate-run.ts, what each costs and what the commands it runs print in vzmigrate-steps.ts.
 */
import { findContainer } from '../world/model';
import { fail, ok, type AnyCommandHandler, type CommandContext, type CommandIO } from './types';
import { parseVzmigrateArgs, type VzmigrateOptions } from './vzmigrate-args';
import { copyPrivateArea } from './vzmigrate-copy';
import { liveMigrate } from './vzmigrate-live';
import { offlineMigrate } from './vzmigrate-offline';
import { precheck } from './vzmigrate-precheck';
import { EXIT, startRun, type MigrationRun } from './vzmigrate-run';
import { psLine } from './vzmigrate-steps';

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

/** Takes the CT's lock (`/vz/lock/<ctid>.lck`) for the run, or says who holds it. */
async function migrate(o: VzmigrateOptions, ctx: CommandContext, io: CommandIO): Promise<number> {
  const run = startRun(o, ctx, io);
  const { veid, ctId, model } = run;
  run.debug('Loading /etc/vz/vz.conf');
  const locks = run.host?.locks;
  const holder = locks?.get(ctId);
  if (holder) {
    run.error(`CT ${veid} already locked by PID ${holder.pid}`);
    io.write(1, psLine(holder.pid, holder.command, holder.sinceEpochMs));
    return EXIT.locked;
  }
  const pid = ++model.lastPid;
  const command = `/bin/sh /usr/sbin/vzmigrate ${[o.online ? '--live' : '', o.verbose ? '-v' : '', o.dst, veid].filter(Boolean).join(' ')}`;
  locks?.set(ctId, { pid, command, sinceEpochMs: ctx.epochMs });
  run.out(`Locked CT ${veid}`);
  try {
    return await migrateLocked(run);
  } finally {
    if (locks?.get(ctId)?.pid === pid) locks.delete(ctId);
  }
}

async function migrateLocked(run: MigrationRun): Promise<number> {
  const plan = await precheck(run);
  if (typeof plan === 'number') return plan;
  if (run.o.checkOnly) return 0;
  const failed = await copyPrivateArea(run, plan);
  if (failed !== null) return failed;
  return run.o.online ? liveMigrate(run, plan) : offlineMigrate(run, plan);
}
