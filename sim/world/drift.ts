/**
 * Moves a node model through simulated time. Every DRIFT_STEP_MS of time is one step: held values
 * random-walk around their typical value inside [0, cap], maxheld follows held upward, and an
 * allocation that would take held past the barrier fails instead (failcnt grows). The busy CT's
 * privvmpages (or RAM) and numproc hover above their caps, so its failcnt grows nearly every step.
 * Only running CTs move; stopped, mounted and suspended ones keep their state.
 */
import type { SimContainer, SimNodeModel, SimQuota, Ubc, Usage } from './types';
import { UBC_RESOURCES, type UbcResource } from './plans';
import { nextGauss, nextInt, type RngState } from './prng';
import { busyResources, capOf, usageOf } from './usage';

export const DRIFT_STEP_MS = 5000;
/** A clock jump of hours is spent as at most this many steps (time itself still moves fully). */
const MAX_STEPS_PER_ADVANCE = 2000;

export function advance(model: SimNodeModel, ms: number): void {
  if (!(ms > 0)) return;
  const sec = ms / 1000;
  const cpus = model.bogomips.length;
  model.timeMs += ms;
  model.uptimeSec += sec;
  model.idleSec += sec * cpus * 0.8;
  for (const ct of model.containers) {
    if (ct.status !== 'running') continue;
    ct.uptimeSec += sec;
    ct.cpuUsedSec += sec * Math.min(ct.cpus ?? cpus, ct.laverage[0] * 0.4 + 0.01);
  }
  model.carryMs += ms;
  const steps = Math.floor(model.carryMs / DRIFT_STEP_MS);
  model.carryMs -= steps * DRIFT_STEP_MS;
  for (let i = 0; i < Math.min(steps, MAX_STEPS_PER_ADVANCE); i++) step(model);
}

const NONE: readonly UbcResource[] = [];

function step(model: SimNodeModel): void {
  const rng = model.rng;
  walkUbc(rng, model.ct0, model.ct0Typical, NONE);
  for (const ct of model.containers) {
    if (ct.status !== 'running') continue;
    walkUbc(rng, ct.ubc, ct.typical, ct.busy ? busyResources(ct.vswap) : NONE);
    walkSwap(rng, ct);
    walkQuota(rng, ct.diskspace, model.timeMs, ct.quotaTimeSec);
    walkQuota(rng, ct.diskinodes, model.timeMs, ct.quotaTimeSec);
    walkLoad(rng, ct.laverage, ct.busy ? 1.5 : 0.3);
  }
  walkLoad(rng, model.loadavg, 0.8);
  model.lastPid += nextInt(rng, 0, 40);
  if (model.lastPid > 999999) model.lastPid = 300 + (model.lastPid % 1000);
}

function walkUbc(rng: RngState, ubc: Ubc, typical: Usage, pushed: readonly UbcResource[]): void {
  UBC_RESOURCES.forEach((res, i) => {
    const bc = ubc[res];
    const t = typical[i]!;
    if (t === 0) return;
    const pushes = pushed.includes(res);
    const noise = nextGauss(rng) * Math.max(1, t * 0.04);
    let next = Math.max(0, Math.round(bc.held + (t - bc.held) * (pushes ? 0.3 : 0.1) + noise));
    const cap = capOf(res, bc);
    if (cap !== null && next > cap) {
      // The kernel refuses the allocation that would pass the barrier.
      bc.failcnt += 1 + nextInt(rng, 0, 2);
      next = Math.max(0, cap - nextInt(rng, 1, Math.max(1, Math.round(cap * 0.01))));
    }
    bc.held = next;
    if (next > bc.maxheld) bc.maxheld = next;
  });
}

function walkSwap(rng: RngState, ct: SimContainer): void {
  if (!ct.vswap) return;
  const bc = ct.swappages;
  const t = Math.max(1, Math.round(usageOf(ct.typical, 'physpages') * 0.05));
  let next = Math.max(0, Math.round(bc.held + (t - bc.held) * 0.1 + nextGauss(rng) * t * 0.05));
  if (bc.limit !== null && next > bc.limit) next = bc.limit;
  bc.held = next;
  if (next > bc.maxheld) bc.maxheld = next;
}

function walkQuota(rng: RngState, q: SimQuota, nowMs: number, quotaTimeSec: number): void {
  const next = q.usage + nextGauss(rng) * q.softlimit * 0.0005 + q.softlimit * 0.00005;
  q.usage = Math.min(q.hardlimit, Math.max(1, Math.round(next)));
  if (q.usage > q.softlimit) q.graceEndsAtMs ??= nowMs + quotaTimeSec * 1000;
  else q.graceEndsAtMs = null;
}

function walkLoad(rng: RngState, la: [number, number, number], typical: number): void {
  const one = Math.max(0, la[0] + (typical - la[0]) * 0.1 + nextGauss(rng) * 0.15 * Math.max(0.2, typical));
  la[0] = one;
  la[1] += (one - la[1]) * 0.1;
  la[2] += (one - la[2]) * 0.03;
}
