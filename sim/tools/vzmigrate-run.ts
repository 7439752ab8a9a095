/**
 * One vzmigrate run as its phases see it (vzmigrate-precheck, -copy, -live, -offline): the
 * options, the node it runs on, and the script's ways of talking — stdout lines, `Error:` lines on
 * stderr, the -v lines, the output of the commands it runs (shown with -v) and waits in simulated
 * time. Also what ends every successful run: the CT moved across, the source destroyed.
 */
import type { SimHost } from '../world/directory';
import type { SimContainer, SimNodeModel } from '../world/model';
import type { CommandContext, CommandIO } from './types';
import type { VzmigrateOptions } from './vzmigrate-args';
import { vzctlSays, type PhaseSeconds } from './vzmigrate-steps';

/** The script's exit statuses. */
export const EXIT = { stopped: 2, cantConnect: 4, copy: 6, exists: 9, noexist: 10, ipInUse: 12, notRunning: 14, applyConfig: 15, locked: 20 } as const;

export interface MigrationRun {
  readonly o: VzmigrateOptions;
  readonly ctx: CommandContext;
  readonly io: CommandIO;
  /** The source node as the fleet knows it; absent when a test runs the shell bare. */
  readonly host: SimHost | undefined;
  readonly model: SimNodeModel;
  /** The CT as given (a name already turned into its id). */
  readonly veid: string;
  readonly ctId: number;
  out(line: string): void;
  error(line: string): void;
  /** A -v line. */
  debug(line: string): void;
  /** What the commands the script runs print, shown with -v. */
  shown(lines: string[]): void;
  /** Waits simulated seconds, scaled by the fleet's time scale. */
  wait(simSeconds: number): Promise<void>;
}

export function startRun(o: VzmigrateOptions, ctx: CommandContext, io: CommandIO): MigrationRun {
  const host = ctx.host;
  const out = (line: string) => io.write(1, `${line}\n`);
  return {
    o,
    ctx,
    io,
    host,
    model: ctx.model,
    veid: o.ct,
    ctId: Number(o.ct),
    out,
    error: (line) => io.write(2, `Error: ${line}\n`),
    debug: (line) => {
      if (o.verbose > 0) out(`   ${line}`);
    },
    shown: (lines) => {
      if (o.verbose > 0) lines.forEach(out);
    },
    wait: (simSeconds) => io.sleep(simSeconds * 1000 * (host?.timeScale ?? 1)),
  };
}

/** What a successful run has found out before the copy: the CT, where it goes and how long each phase takes. */
export interface MigrationPlan {
  ct: SimContainer;
  dst: SimHost;
  t: PhaseSeconds;
  running: boolean;
  mounted: boolean;
  suspended: boolean;
  ploop: boolean;
}

/** Moves `ct` from one node's model to the other's (the CT object itself travels). */
export function moveContainer(from: SimHost, to: SimHost, ct: SimContainer): void {
  const i = from.model.containers.indexOf(ct);
  if (i >= 0) from.model.containers.splice(i, 1);
  to.model.containers.push(ct);
}

/** `vzctl destroy` on the source, or (-r no) its config renamed to <id>.conf.migrated. */
export function destroySource(run: MigrationRun): void {
  if (run.o.removeArea) {
    run.debug('Destroying container');
    run.shown(vzctlSays.destroy(run.veid));
  }
}
