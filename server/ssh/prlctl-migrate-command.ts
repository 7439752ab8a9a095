import { z } from 'zod';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { migrationHostSchema } from './commands';

/**
 * OpenVZ 7's migration commands (the legacy `vzmigrate` template stays in commands.ts), from
 * fixed templates with validated parts only (docs/openvz/FORMATS.md §16).
 */

/**
 * prlctl reads its destination as `[user[:password]@]server[:port]` (CmdParam parse_auth), where
 * the port is the dispatcher's, not ssh's: a host with `:` (an IPv6 literal) or `@` would be
 * read as something else, so only names and IPv4 addresses are taken.
 */
export const prlctlTargetHostSchema = migrationHostSchema.refine((h) => !h.includes(':'), 'prlctl migrate takes a host name or an IPv4 address (":" would be read as a dispatcher port)');

const portSchema = z.number().int().min(1).max(65535);

export interface PrlctlMigrateParams {
  /** How the source node reaches the target (the target's inventory address). */
  targetHost: string;
  /** The target's SSH port; passed with --ssh only when it is not 22. */
  targetPort: number;
  /** A CT id or OpenVZ 7 UUID (prlctl also finds a CT by it). */
  ctId: string;
}

/**
 * `prlctl migrate <ct> <target> [--ssh="-p N"] --verbose 1`. prlctl 7.0 opens its session to the
 * target over `ssh -o BatchMode=yes <--ssh options> <target>`; `--verbose 1` makes it print the
 * dispatcher's "Migration started." and "Migration finished." (prl_log L_INFO), the only
 * progress it shows without a terminal. A running CT moves live (CRIU), a stopped one cold.
 */
export function buildPrlctlMigrate(p: PrlctlMigrateParams): string {
  const host = prlctlTargetHostSchema.parse(p.targetHost);
  const ct = ctIdSchema.parse(p.ctId);
  const port = portSchema.parse(p.targetPort);
  return ['prlctl', 'migrate', ct, host, port !== 22 ? `--ssh="-p ${port}"` : null, '--verbose', '1'].filter((x): x is string => x !== null).join(' ');
}

/**
 * What prlctl does first, on its own: `ssh -T -o BatchMode=yes [-p N] <target> true` from the
 * source. Exit 0 = the source's key opens the target without a prompt; ssh says why not on stderr
 * and exits 255.
 */
export function buildSshReachCheck(p: Pick<PrlctlMigrateParams, 'targetHost' | 'targetPort'>): string {
  const host = prlctlTargetHostSchema.parse(p.targetHost);
  const port = portSchema.parse(p.targetPort);
  return ['ssh', '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', port !== 22 ? `-p ${port}` : null, host, 'true'].filter((x): x is string => x !== null).join(' ');
}
