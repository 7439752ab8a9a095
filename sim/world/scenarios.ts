/**
 * Workloads that move: what a hosting node's containers do over a day, on top of drift's random
 * walk (sim/world/drift.ts), by moving each CT's `typical` values before each drift step.
 *  - every running CT follows a daily cycle (busiest at 20:00 UTC, quietest at 08:00) and now
 *    and then bursts (×1.3–2 for 10 s to a minute);
 *  - one CT leaks memory: privvmpages (RAM on VSwap/OpenVZ 7) walks up into its barrier, failcnt
 *    climbs for a few minutes, then the application is restarted and it starts over;
 *  - one CT is fork-bombed every 20–40 minutes: numproc hits its barrier for half a minute;
 *  - one CT is stopped and started again every 25–50 minutes (its failcnt resets);
 *  - (the model already has a busy CT, a stopped, a mounted and a suspended one.)
 * Costs a few multiplications per CT per step. State lives on the CT (`workload`), so it moves
 * with a migrated CT.
 */
import { advance, DRIFT_STEP_MS } from './drift';
import { UBC_INDEX, UBC_RESOURCES, type UbcResource } from './plans';
import { nextFloat, nextInt, nextRange, pick } from './prng';
import type { CtWorkload, SimContainer, SimNodeModel, WorkloadKind } from './types';
import { busyResources, capOf, fillHeld, usageOf } from './usage';
export type { CtWorkload, WorkloadKind } from './types';

/** Resources that follow the day and the bursts (the rest: counts that do not move with load). */
const CYCLED: readonly number[] = (
  ['kmemsize', 'privvmpages', 'shmpages', 'numproc', 'physpages', 'oomguarpages', 'numtcpsock', 'numflock', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'numothersock', 'dcachesize', 'numfile'] as const
).map((r) => UBC_INDEX[r]);
/** Per running CT and step: ~one burst every few minutes on a 60-CT node. */
const BURST_PROBABILITY = 0.0006;
const LEAK_STEPS_TO_BARRIER = 120;
const LEAK_STEPS_AT_BARRIER = 60;
const steps = (minutes: number) => Math.round((minutes * 60_000) / DRIFT_STEP_MS);

/** The resource a CT leaks into: privvmpages, or physpages (its RAM) on VSwap and OpenVZ 7. */
function leakResource(ct: SimContainer): UbcResource {
  return busyResources(ct.vswap)[0]!;
}

/** Gives the node's running CTs their workloads (deterministic: the model's own random stream). */
export function assignWorkloads(model: SimNodeModel): void {
  const rng = model.rng;
  const candidates = model.containers.filter((ct) => ct.status === 'running' && !ct.busy);
  const kinds = new Map<SimContainer, WorkloadKind>();
  const take = (kind: WorkloadKind, fits: (ct: SimContainer) => boolean) => {
    const free = candidates.filter((ct) => !kinds.has(ct) && fits(ct));
    if (free.length > 0) kinds.set(pick(rng, free), kind);
  };
  if (candidates.length >= 4) {
    take('leak', (ct) => capOf(leakResource(ct), ct.ubc[leakResource(ct)]) !== null);
    take('forkbomb', (ct) => capOf('numproc', ct.ubc.numproc) !== null);
    take('restart', () => true);
  }
  for (const ct of candidates) {
    const kind = kinds.get(ct) ?? null;
    ct.workload = {
      kind,
      base: Array.from(ct.typical),
      amp: nextRange(rng, 0.1, 0.3),
      burst: 0,
      burstFactor: 1,
      phase: kind === 'leak' ? nextInt(rng, 0, LEAK_STEPS_TO_BARRIER) : 0,
      next: kind === 'forkbomb' ? nextInt(rng, steps(2), steps(40)) : kind === 'restart' ? nextInt(rng, steps(3), steps(50)) : 0,
    };
  }
}

/** Stops and starts a CT (vzctl restart): fresh held values, maxheld = held, every failcnt back to 0. */
export function restartContainer(model: SimNodeModel, ct: SimContainer): void {
  ct.status = 'running';
  fillHeld(model.rng, ct.ubc, ct.typical, ct.busy, ct.vswap);
  for (const res of UBC_RESOURCES) {
    ct.ubc[res].failcnt = 0;
    ct.ubc[res].maxheld = ct.ubc[res].held;
  }
  ct.swappages.held = ct.swappages.maxheld = ct.vswap ? Math.round(usageOf(ct.typical, 'physpages') * 0.05) : 0;
  ct.swappages.failcnt = 0;
  ct.uptimeSec = 0;
  ct.cpuUsedSec = 0;
  ct.laverage = [0.5, 0.15, 0.05];
}

/**
 * Advances like drift's `advance`, moving the workloads before each drift step. `epochMs` is the
 * wall-clock time at the end of the advance (the daily cycle follows it); CTs for which `isLocked`
 * says yes (being migrated) are left alone.
 */
export function advanceWithWorkloads(model: SimNodeModel, ms: number, epochMs: number, isLocked: (ctId: number) => boolean): void {
  let remaining = ms;
  for (let budget = 2000; remaining > 0; budget--) {
    const toStep = DRIFT_STEP_MS - model.carryMs;
    if (remaining < toStep || budget <= 0) {
      advance(model, remaining);
      return;
    }
    stepWorkloads(model, epochMs - (remaining - toStep), isLocked);
    advance(model, toStep);
    remaining -= toStep;
  }
}

/** One step of every workload of the node (the drift step follows). */
export function stepWorkloads(model: SimNodeModel, epochMs: number, isLocked: (ctId: number) => boolean): void {
  const rng = model.rng;
  const hour = (((epochMs / 3_600_000) % 24) + 24) % 24;
  const day = Math.sin((2 * Math.PI * (hour - 14)) / 24);
  for (const ct of model.containers) {
    const w = ct.workload;
    if (!w || isLocked(ct.ctId)) continue;
    if (w.kind === 'restart' && stepRestart(model, ct, w)) continue;
    if (ct.status !== 'running') continue;
    let f = 1 + w.amp * day;
    if (w.burst > 0) {
      w.burst--;
      f *= w.burstFactor;
    } else if (nextFloat(rng) < BURST_PROBABILITY) {
      w.burst = nextInt(rng, 2, 12);
      w.burstFactor = nextRange(rng, 1.3, 2);
      ct.laverage[0] += w.burstFactor;
    }
    for (const i of CYCLED) ct.typical[i] = Math.round(w.base[i]! * f);
    if (w.kind === 'leak') stepLeak(ct, w);
    else if (w.kind === 'forkbomb') stepForkBomb(model, ct, w);
  }
}

function stepLeak(ct: SimContainer, w: CtWorkload): void {
  const res = leakResource(ct);
  const i = UBC_INDEX[res];
  const cap = capOf(res, ct.ubc[res]);
  if (cap === null) return;
  w.phase++;
  if (w.phase > LEAK_STEPS_TO_BARRIER + LEAK_STEPS_AT_BARRIER) w.phase = 0; // the application was restarted
  const start = Math.min(w.base[i]!, cap * 0.6);
  const progress = Math.min(1, w.phase / LEAK_STEPS_TO_BARRIER);
  ct.typical[i] = Math.round(start + (cap * 1.04 - start) * progress);
  if (res === 'privvmpages') {
    const phys = UBC_INDEX.physpages;
    ct.typical[phys] = Math.max(ct.typical[phys]!, Math.round(ct.typical[i]! * 0.45));
  }
}

function stepForkBomb(model: SimNodeModel, ct: SimContainer, w: CtWorkload): void {
  const cap = capOf('numproc', ct.ubc.numproc);
  if (cap === null) return;
  if (w.phase > 0) {
    w.phase--;
    ct.typical[UBC_INDEX.numproc] = Math.round(cap * 2.5);
    ct.typical[UBC_INDEX.kmemsize] = Math.round(w.base[UBC_INDEX.kmemsize]! * 1.8);
    ct.laverage[0] = Math.max(ct.laverage[0], 40);
  } else if (--w.next <= 0) {
    w.phase = nextInt(model.rng, 4, 10);
    w.next = nextInt(model.rng, steps(20), steps(40));
  }
}

/** The restarting CT: down for 15–40 s every 25–50 minutes. Returns true while it is down. */
function stepRestart(model: SimNodeModel, ct: SimContainer, w: CtWorkload): boolean {
  if (w.phase > 0) {
    if (--w.phase === 0) {
      restartContainer(model, ct);
      w.next = nextInt(model.rng, steps(25), steps(50));
    }
    return true;
  }
  if (ct.status === 'running' && --w.next <= 0) {
    ct.status = 'stopped';
    ct.laverage = [0, 0, 0];
    w.phase = nextInt(model.rng, 3, 8);
    return true;
  }
  return false;
}
