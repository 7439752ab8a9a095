/**
 * The shapes of the simulated world: a node, its containers, their beancounters, quotas and
 * workloads. Only types, importing only types, so that the model (model.ts) and what moves it
 * (drift.ts, usage.ts, scenarios.ts) can share them without importing each other.
 */
import type { Generation, KernelSeries } from './hardware';
import type { UbcResource } from './plans';
import type { RngState } from './prng';

/** Typical held value per resource, in UBC_RESOURCES order. */
export type Usage = Float64Array;

/** One beancounter row. barrier/limit `null` = unlimited (LONG_MAX in the kernel's output). */
export interface SimBeancounter {
  held: number;
  maxheld: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
}

export type Ubc = Record<UbcResource, SimBeancounter>;

export interface SimQuota {
  /** KiB for diskspace, a count for diskinodes. */
  usage: number;
  softlimit: number;
  hardlimit: number;
  /** Sim time (model.timeMs) at which the soft-limit grace period ends; null when under softlimit. */
  graceEndsAtMs: number | null;
}

/** vzlist's one-word status (FORMULAS §9): running, mounted (root mounted, not running), suspended (checkpoint dump), stopped. */
export type CtStatus = 'running' | 'stopped' | 'mounted' | 'suspended';
export type DiskLayout = 'simfs' | 'ploop';
/** What the kernel keeps in the barrier/limit of the four dummy rows (0 in some captures, LONG_MAX in others). */
export type DummyStyle = 'max' | 'zero' | 'max-then-zero';

export interface SimContainer {
  /** A number unique on the node; for a UUID-named OpenVZ 7 CT it is internal and never printed. */
  ctId: number;
  /** The id every tool prints: "101", or the UUID of a UUID-named OpenVZ 7 CT. */
  ctid: string;
  /** OpenVZ 7: the CT's UUID (prlctl prints it in braces); null on legacy nodes. */
  uuid: string | null;
  /** OpenVZ 7 NAME (`prlctl list`, vzlist `name`); null when not set. */
  name: string | null;
  /**
   * Free text the CT's owner sets. May hold any characters; U+DC80–U+DCFF stand for the raw bytes
   * 0x80–0xFF (see sim/render/raw-bytes.ts), so invalid UTF-8 and KOI8-R reach the wire as bytes.
   */
  hostname: string;
  /** DESCRIPTION from the CT config; absent/null when not set. */
  description?: string | null;
  ips: string[];
  nameservers: readonly string[];
  ostemplate: string;
  status: CtStatus;
  /** ORIGIN_SAMPLE, e.g. `vps-1G`. */
  plan: string;
  vswap: boolean;
  layout: DiskLayout;
  /** The CT that keeps running into its privvmpages (or RAM) and numproc limits. */
  busy: boolean;
  ubc: Ubc;
  /** Not in /proc/user_beancounters; shown by vzlist and /proc/bc/resources. */
  swappages: SimBeancounter;
  /** Held values the random walk reverts to (UBC_RESOURCES order). */
  typical: Usage;
  cpuunits: number;
  /** % of one CPU, 0 = no limit. */
  cpulimit: number;
  cpus: number | null;
  ioprio: number | null;
  onboot: boolean;
  /** As vzlist reports it: the quota (simfs) or the filesystem inside the image (ploop). */
  diskspace: SimQuota;
  diskinodes: SimQuota;
  /** ploop image size in KiB (DISKSPACE); 0 for simfs. */
  imageKb: number;
  /** QUOTATIME, seconds. */
  quotaTimeSec: number;
  laverage: [number, number, number];
  uptimeSec: number;
  /** CPU time used since start, seconds (feeds /proc/vz/vestat). */
  cpuUsedSec: number;
  /** What moves this CT's typical values over time (sim/scenarios.ts); absent = only the random walk. */
  workload?: CtWorkload;
}

export interface SimNodeModel {
  index: number;
  name: string;
  hostname: string;
  generation: Generation;
  /**
   * false: vzctl before 4.0 (legacy) or OpenVZ 7 before 7.0.180, whose vzlist has no -j and
   * answers it with getopt's error and the usage text. Absent = true.
   */
  vzlistJson?: boolean;
  kernelSeries: KernelSeries;
  kernel: string;
  cpuModel: string;
  cpuMhz: number;
  /** bogomips of each CPU as /proc/cpuinfo prints it (2 decimals). */
  bogomips: string[];
  memTotalKb: number;
  swapTotalKb: number;
  dummyStyle: DummyStyle;
  /** The host's own beancounter block (id 0): everything unlimited. */
  ct0: Ubc;
  ct0Typical: Usage;
  ve0cpuunits: number;
  /** In the kernel's beancounter list order (not sorted). */
  containers: SimContainer[];
  uptimeSec: number;
  idleSec: number;
  loadavg: [number, number, number];
  lastPid: number;
  /** Simulated time elapsed since the model was created. */
  timeMs: number;
  /** Time advanced but not yet spent on a drift step. */
  carryMs: number;
  rng: RngState;
}

export type WorkloadKind = 'leak' | 'forkbomb' | 'restart';

export interface CtWorkload {
  kind: WorkloadKind | null;
  /** The typical values without cycle, burst or leak. */
  base: number[];
  /** Daily cycle amplitude (0.1–0.3). */
  amp: number;
  /** Steps left in the current burst, and its factor. */
  burst: number;
  burstFactor: number;
  /** leak: steps since the leak started; forkbomb/restart: steps left in the event (0 = none). */
  phase: number;
  /** forkbomb/restart: steps until the next event. */
  next: number;
}
