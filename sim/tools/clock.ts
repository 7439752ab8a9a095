/**
 * `date` (GNU coreutils 8.4, as on CentOS 6; the node's clock is UTC and carries the clock-skew
 * fault) and `sleep` (a real wait: a streaming command).
 */
import { fail, ok, type AnyCommandHandler, type CommandHandler } from './types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

function strftime(format: string, epochMs: number): string {
  const d = new Date(epochMs);
  const dayOfYear = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
  const h12 = d.getUTCHours() % 12 || 12;
  const spec: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()]!,
    b: () => MONTHS[d.getUTCMonth()]!,
    h: () => MONTHS[d.getUTCMonth()]!,
    d: () => two(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    m: () => two(d.getUTCMonth() + 1),
    Y: () => String(d.getUTCFullYear()),
    y: () => two(d.getUTCFullYear() % 100),
    H: () => two(d.getUTCHours()),
    I: () => two(h12),
    M: () => two(d.getUTCMinutes()),
    S: () => two(d.getUTCSeconds()),
    N: () => `${String(d.getUTCMilliseconds()).padStart(3, '0')}000000`,
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    j: () => String(dayOfYear).padStart(3, '0'),
    s: () => String(Math.floor(epochMs / 1000)),
    Z: () => 'UTC',
    z: () => '+0000',
    F: () => `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
    T: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
    R: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
    D: () => `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (all, c: string) => spec[c]?.() ?? all);
}

/** `date [-u] [-R] [+FORMAT]`: the node's time (clock skew included), in UTC. */
export const dateCommand: CommandHandler = (args, ctx) => {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const a of args) {
    if (a === '-u' || a === '--utc' || a === '--universal') continue;
    if (a === '-R' || a === '--rfc-2822') format = '%a, %d %b %Y %H:%M:%S %z';
    else if (a.startsWith('+')) format = a.slice(1);
    else if (a.startsWith('-')) return fail(1, `date: invalid option -- '${a.slice(1, 2)}'\nTry \`date --help' for more information.\n`);
    else return fail(1, `date: invalid date \`${a}'\n`);
  }
  return ok(`${strftime(format, ctx.epochMs)}\n`);
};

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `sleep NUMBER[smhd]...`: waits for real (not scaled by the fleet's time scale). */
export const sleepCommand: AnyCommandHandler = (args) => {
  if (args.length === 0) return fail(1, "sleep: missing operand\nTry `sleep --help' for more information.\n");
  let seconds = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return fail(1, `sleep: invalid time interval \`${a}'\nTry \`sleep --help' for more information.\n`);
    seconds += Number(m[1]) * UNITS[m[2]!]!;
  }
  return {
    async stream(io) {
      await io.sleep(seconds * 1000);
      return 0;
    },
  };
};
