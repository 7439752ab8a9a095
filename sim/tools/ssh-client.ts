/**
 * The node's own `ssh` client, as far as migrations use it: `ssh [-T] [-o Opt=val]… [-p N]
 * [user@]host true` — can this node open that one with its key, without a prompt (BatchMode)?
 * It reaches only the fleet's other simulated nodes and runs only `true` there: a simulated node
 * never runs a command it was handed. Messages and exit status 255 are OpenSSH's.
 */
import type { SimHost } from '../world/directory';
import { fail, ok, type AnyCommandHandler } from './types';

export type Reach =
  | { ok: true; host: SimHost }
  /** `hangs`: the target never answers (silent, hang): ssh waits for its ConnectTimeout. */
  | { ok: false; hangs: boolean; sshSays: string };

/** What `ssh -o BatchMode=yes` from `from` to `target[:port]` meets, from the fleet's directory and the target's fault. */
export function reachTarget(from: SimHost | undefined, target: string, port: number | undefined): Reach {
  const shownPort = port ?? 22;
  const bare = target.replace(/^[^@]*@/, '');
  if (!from) return { ok: false, hangs: false, sshSays: `ssh: Could not resolve hostname ${bare}: Name or service not known` };
  const found = from.directory.resolve(target, port);
  if (!found.ok) {
    return found.reason === 'unknown' && !/^[\d.]+$/.test(bare)
      ? { ok: false, hangs: false, sshSays: `ssh: Could not resolve hostname ${bare}: Name or service not known` }
      : { ok: false, hangs: false, sshSays: `ssh: connect to host ${bare} port ${shownPort}: Connection refused` };
  }
  const dst = found.host;
  if (dst.fault === 'silent' || dst.fault === 'hang') return { ok: false, hangs: true, sshSays: `ssh: connect to host ${bare} port ${shownPort}: Connection timed out` };
  if (dst.fault === 'refuse') return { ok: false, hangs: false, sshSays: `ssh: connect to host ${bare} port ${shownPort}: Connection refused` };
  if (dst.fault === 'auth-refused') return { ok: false, hangs: false, sshSays: 'Permission denied (publickey,gssapi-keyex,gssapi-with-mic).' };
  if (dst.fault === 'wrong-host-key') return { ok: false, hangs: false, sshSays: 'Host key verification failed.' };
  return { ok: true, host: dst };
}

const USAGE = 'usage: ssh [-T] [-o option] [-p port] [user@]hostname command\n';

/** `ssh … host true`: exit 0 when the target lets this node in, 255 with OpenSSH's reason otherwise. */
export const sshCommand: AnyCommandHandler = (args, ctx) => {
  let port: number | undefined;
  let connectTimeout = 30;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-T' || a === '-q' || a === '-n') continue;
    if (a === '-o' || a === '-p' || a.startsWith('-o') || a.startsWith('-p')) {
      const value = a.length > 2 ? a.slice(2) : args[++i];
      if (value === undefined) return fail(255, `ssh: option requires an argument -- ${a[1]}\n${USAGE}`);
      if (a[1] === 'p') {
        if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) return fail(255, `Bad port '${value}'\n`);
        port = Number(value);
      } else {
        const timeout = /^ConnectTimeout=(\d+)$/i.exec(value);
        if (timeout) connectTimeout = Number(timeout[1]);
      }
      continue;
    }
    if (a.startsWith('-')) return fail(255, `ssh: illegal option -- ${a.slice(1, 2)}\n${USAGE}`);
    operands.push(...args.slice(i));
    break;
  }
  const [target, ...command] = operands;
  if (target === undefined) return fail(255, USAGE);
  if (command.join(' ') !== 'true' && command.join(' ') !== '/bin/true') {
    return fail(127, `sh: ${command.join(' ') || '(login shell)'}: the simulated node runs only \`true\` over ssh\n`);
  }
  const reach = reachTarget(ctx.host, target, port);
  if (reach.ok) return ok('');
  const scale = ctx.host?.timeScale ?? 1;
  return {
    async stream(io) {
      if (reach.hangs) await io.sleep(connectTimeout * 1000 * scale);
      io.write(2, `${reach.sshSays}\n`);
      return 255;
    },
  };
};
