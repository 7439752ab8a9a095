/**
 * Faults a simulated node can be told to have, with their parameters.
 *
 * At connection time (setting one closes the node's open connections, so that the next poll meets it):
 *   refuse          the port is closed: connect() gets ECONNREFUSED
 *   silent          TCP is accepted, then not a byte, not even the SSH banner
 *   wrong-host-key  the node presents another host key than its own (an impostor, or a reinstall)
 *   auth-refused    every key is rejected
 *   legacy-kex      only diffie-hellman-group14-sha1/group1-sha1 and an ssh-rsa host key, like
 *                   OpenSSH 5.3 on CentOS 6 (its own RSA key: the node's fingerprint changes)
 * At command time:
 *   hang            exec is accepted and never answered
 *   refuse-exec     exec requests are refused
 *   max-sessions    session channels beyond `maxSessions` open at once (default 0) fail as sshd's
 *                   MaxSessions does: "administratively prohibited: open failed"
 *   slow            every byte of output waits `byteDelayMs` (default 0.2 ms: ~5 KB/s)
 *   drop            the TCP connection is cut after `afterBytes` of output (default: half of it)
 *   truncate        output stops at a line boundary halfway through, exit status as usual
 *   garbled         one number of /proc/user_beancounters is corrupted
 *   no-collect-loop  the collect loop is refused as a forced-command wrapper from before it refuses
 *                  it (exit 1, the wrapper's refusal on stderr): every poll is then one exec
 *   clock-skew      the node's clock is off by `skewMs` (default +433 s): date, quota deadlines
 *   migrate-fail-copy  vzmigrate to or from this node loses its rsync connection mid-copy
 *   migrate-flood  vzmigrate (not --check-only) from this node floods its output, as a node taken
 *                  over may: first 1 MiB with no newline, then 64 KiB lines, 24 MiB in all, exit 1
 */
import { SIM_FAULTS, type SimFault } from '../world/fault-names';

export interface SimFaultSpec {
  fault: SimFault;
  byteDelayMs?: number;
  afterBytes?: number;
  maxSessions?: number;
  skewMs?: number;
}

export type SimFaultInput = SimFault | SimFaultSpec;

export const DEFAULT_BYTE_DELAY_MS = 0.2;
export const DEFAULT_SKEW_MS = 433_000;
/** sshd's MaxSessions default: session channels open at once on one connection. */
export const SSHD_MAX_SESSIONS = 10;

/** Faults that act when a connection is made: existing connections are closed when one is set. */
export const CONNECT_TIME_FAULTS: readonly SimFault[] = ['refuse', 'silent', 'wrong-host-key', 'auth-refused', 'legacy-kex'];

const PARAMS: Record<string, { fault: SimFault; min: number; max: number; integer: boolean }> = {
  byteDelayMs: { fault: 'slow', min: 0, max: 60_000, integer: false },
  afterBytes: { fault: 'drop', min: 0, max: 2 ** 31, integer: true },
  maxSessions: { fault: 'max-sessions', min: 0, max: 1000, integer: true },
  skewMs: { fault: 'clock-skew', min: -(10 * 365 * 86400_000), max: 10 * 365 * 86400_000, integer: true },
};

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

export function isSimFault(name: unknown): name is SimFault {
  return typeof name === 'string' && (SIM_FAULTS as readonly string[]).includes(name);
}

/** A fault name or `{ fault, ...params }` (e.g. a JSON body) → a checked spec; throws FaultSpecError. */
export function toFaultSpec(input: unknown): SimFaultSpec {
  if (isSimFault(input)) return { fault: input };
  if (typeof input === 'string') throw new FaultSpecError(`unknown fault ${JSON.stringify(input)}; known: ${SIM_FAULTS.join(', ')}`);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultSpecError(`a fault is one of ${SIM_FAULTS.join(', ')}, or an object { fault, ...params }`);
  }
  const { fault, ...params } = input as Record<string, unknown>;
  if (!isSimFault(fault)) throw new FaultSpecError(`unknown fault ${JSON.stringify(fault)}; known: ${SIM_FAULTS.join(', ')}`);
  const spec: SimFaultSpec = { fault };
  for (const [key, value] of Object.entries(params)) {
    const p = PARAMS[key];
    if (!p || p.fault !== fault) throw new FaultSpecError(`fault ${fault} takes no parameter ${JSON.stringify(key)}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < p.min || value > p.max || (p.integer && !Number.isInteger(value))) {
      throw new FaultSpecError(`${key} must be ${p.integer ? 'an integer' : 'a number'} from ${p.min} to ${p.max}, got ${JSON.stringify(value)}`);
    }
    (spec as unknown as Record<string, number>)[key] = value;
  }
  return spec;
}

/** `--fault` value: `INDEX=NAME[:param=value[,param=value]]`, e.g. `3=slow:byteDelayMs=2`. */
export function parseFaultArg(text: string): { index: number; spec: SimFaultSpec } {
  const m = /^(\d+)=([a-z-]+)(?::(.*))?$/.exec(text);
  if (!m) throw new FaultSpecError(`--fault must be INDEX=NAME[:param=value,...], got ${JSON.stringify(text)}`);
  const params: Record<string, unknown> = { fault: m[2] };
  for (const pair of m[3] ? m[3].split(',') : []) {
    const [key, value] = pair.split('=', 2) as [string, string | undefined];
    if (!key || value === undefined || value === '' || Number.isNaN(Number(value))) {
      throw new FaultSpecError(`bad fault parameter ${JSON.stringify(pair)} in ${JSON.stringify(text)}`);
    }
    params[key] = Number(value);
  }
  return { index: Number(m[1]), spec: toFaultSpec(m[3] === undefined ? m[2] : params) };
}

/** How much of `text` a truncated answer keeps: up to the last line end before the middle. */
export function truncatedLength(text: string): number {
  const cut = text.lastIndexOf('\n', Math.floor(text.length / 2));
  return cut < 0 ? 0 : cut + 1;
}
