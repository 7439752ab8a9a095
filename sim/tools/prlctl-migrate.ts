/**
 * OpenVZ 7's `prlctl migrate <ID> <dst[/NAME]> [--ssh <opts>] [--verbose N] …` as prlctl 7.0.x
 * with prl-disp-service and OpenVZ 7's vzmigrate behave (docs/openvz/FORMATS.md §16):
 * - the start line `Migrate the CT <name> on <dst>  ()` at once (OpenVZ/prlctl src/PrlVm.cpp);
 * - ssh to the target for a session (the code c959f8d removed in 2021), else a dispatcher login
 *   that fails when the target cannot be reached or runs no dispatcher (legacy): exit 253;
 * - the target dispatcher refuses a CT id it has (Task_MigrateCtTarget.cpp), exit 255;
 * - vzmigrate's disk-space check and a broken copy come back as the dispatcher's "internal
 *   error" (Task_VzMigrate.cpp maps every exit but 9/10/56/57/72/74 to it), exit 255;
 * - `Migration started.` / `Migration finished.` only with --verbose ≥ 1, no stage names and no
 *   progress (stdout is not a terminal over an SSH exec), and no freeze time, ever.
 * A running CT moves live (its beancounters and failcnt go with it), a stopped one cold; the CT
 * object travels from this node's model to the target's, as with the legacy vzmigrate.
 */
import { freeDiskKb, type SimHost } from '../world/directory';
import type { SimContainer, SimNodeModel } from '../world/model';
import { reachTarget } from './ssh-client';
import { fail, type CommandContext, type CommandIO, type CommandOutcome } from './types';

const EXIT = { usage: 1, cantConnectToDispatcher: 253, failed: 255 } as const;
/** PRODUCT_NAME_SHORT of OpenVZ 7 builds in libprlsdk's strings. */
const PRODUCT = 'Virtuozzo';
const SAYS = {
  login: `Login failed: Unable to connect to ${PRODUCT}. You may experience a connection problem or the server may be down. Contact your ${PRODUCT} administrator for assistance.`,
  idExists: (id: string) => `Failed to migrate the Container. The Container with ID "${id}" already exists. To solve the problem, specify a new ID or name for the Container.`,
  internal: `Failed to migrate the Container. An internal error occurred when performing the operation. Try to migrate the Container again. If the problem persists, contact the ${PRODUCT} support team for assistance.`,
  sameNode: 'Failed to migrate the Container or virtual machine. You are trying to migrate the Container or virtual machine to the source server. Please specify another destination server and try again',
};

/** Throughputs of an OpenVZ 7 node pair on 10 GbE with zstd, KiB/s (ploop image, then memory pages). */
const COPY_KBPS = 300 * 1024;
const MEMORY_KBPS = 500 * 1024;
const FLOOD_CHUNKS = 384;

interface MigrateOptions {
  ct: string;
  server: string;
  dstName: string;
  dstPath: string;
  sshPort: number | undefined;
  verbose: number;
}

function parse(args: readonly string[]): { ok: true; o: MigrateOptions } | { ok: false; stderr: string } {
  const operands: string[] = [];
  let sshOptions = '';
  let verbose = 0;
  let dstPath = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] = a.startsWith('--') ? (a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]) : [a, undefined];
    const value = () => inline ?? args[++i];
    if (!a.startsWith('-')) operands.push(a);
    else if (name === 'ssh') sshOptions = value() ?? '';
    else if (name === 'verbose' || a === '-v') verbose = Number(value() ?? 0) || 0;
    else if (name === 'dst') dstPath = value() ?? '';
    else if (!['clone', 'remove-src', 'no-compression', 'no-tunnel', 'changesid', 'force'].includes(name)) return { ok: false, stderr: `Unrecognized option: ${a}\n` };
  }
  if (operands.length < 2) return { ok: false, stderr: 'Incorrect migrate usage.\n' };
  const [ct, dst] = operands as [string, string];
  // parse_auth: [user[:password]@]server[:port]; `/NAME` renames on the target.
  const [auth, dstName = ''] = dst.split(/\/(.*)/s, 2) as [string, string | undefined];
  const server = auth.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  if (ct.includes('/') || server === '') return { ok: false, stderr: `An incorrect value is specified for dst: ${dst}\n` };
  const port = /(?:^|\s)-p\s*(\d+)|(?:^|\s)-o\s*Port=(\d+)/i.exec(sshOptions);
  return { ok: true, o: { ct, server, dstName, dstPath, sshPort: port ? Number(port[1] ?? port[2]) : undefined, verbose } };
}

/** prlctl finds a CT by name, UUID (with or without braces) or CT id. */
function findCt(model: SimNodeModel, id: string): SimContainer | undefined {
  const bare = id.replace(/^\{(.*)\}$/, '$1');
  return model.containers.find((ct) => ct.name === bare || ct.uuid === bare || ct.ctid === bare);
}

function moveContainer(from: SimHost, to: SimHost, ct: SimContainer): void {
  const i = from.model.containers.indexOf(ct);
  if (i >= 0) from.model.containers.splice(i, 1);
  to.model.containers.push(ct);
}

export function prlctlMigrateCommand(args: string[], ctx: CommandContext): CommandOutcome {
  const parsed = parse(args);
  if (!parsed.ok) return fail(EXIT.usage, parsed.stderr);
  const ct = findCt(ctx.model, parsed.o.ct);
  if (!ct) return fail(EXIT.failed, `Failed to get VM config: The virtual machine could not be found.\nUnable to find the CT ${parsed.o.ct}\n`);
  return { stream: (io) => migrate(parsed.o, ct, ctx, io) };
}

async function migrate(o: MigrateOptions, ct: SimContainer, ctx: CommandContext, io: CommandIO): Promise<number> {
  const host = ctx.host;
  const out = (line: string) => io.write(1, `${line}\n`);
  const failed = (text: string) => {
    io.write(2, `\nFailed to migrate the CT: ${text}\n`);
    return EXIT.failed;
  };
  const wait = (simSeconds: number) => io.sleep(simSeconds * 1000 * (host?.timeScale ?? 1));
  out(`Migrate the CT ${ct.name ?? ct.ctid} on ${o.server} ${o.dstName} (${o.dstPath})`);
  await wait(0.2);

  const reach = reachTarget(host, o.server, o.sshPort);
  if (!reach.ok && reach.hangs) {
    await new Promise<never>((_, reject) => io.signal.addEventListener('abort', () => reject(io.signal.reason), { once: true }));
  }
  // Legacy nodes run no prl-disp-service: ssh gets in, the session script is not there, and the
  // fallback login to the dispatcher port finds nobody.
  if (!reach.ok || reach.host.model.generation !== 'vz7') {
    io.write(2, `${reach.ok ? 'bash: /usr/share/pmigrate/pmigrate_local_login.py: No such file or directory' : reach.sshSays}\n`);
    await wait(1);
    io.write(2, `${SAYS.login}\n`);
    return EXIT.cantConnectToDispatcher;
  }
  const dst = reach.host;
  if (dst === host) return failed(SAYS.sameNode);
  if (host?.fault === 'migrate-flood') return flood(io);
  dst.tick();
  if (findCt(dst.model, ct.ctid)) return failed(SAYS.idExists(ct.ctid));
  if (o.verbose >= 1) out('Migration started.');

  // vzmigrate: "Checking preconditions" (disk space among them), then "Copying static data".
  await wait(0.5);
  const needKb = ct.diskspace.usage;
  const freeKb = freeDiskKb(dst);
  if (needKb > freeKb) return failed(SAYS.internal);
  const broken = host!.fault === 'migrate-fail-copy' || dst.fault === 'migrate-fail-copy';
  await wait((broken ? 0.4 : 1) * (1 + needKb / COPY_KBPS));
  if (broken) return failed(SAYS.internal);

  if (ct.status === 'running') {
    // "Live migration stage started": CRIU pre-dumps memory in rounds, then a short freeze.
    const memKb = ct.ubc.physpages.held * 4;
    await wait(0.5 + memKb / MEMORY_KBPS);
    await wait(0.3 + (memKb * 0.02) / MEMORY_KBPS);
  }
  host!.tick();
  dst.tick();
  moveContainer(host!, dst, ct);
  if (o.verbose >= 1) out('Migration finished.');
  out('\nThe CT has been successfully migrated.');
  return 0;
}

/** A node taken over: far more output than any client should keep, then failure (bounded, as the legacy one). */
async function flood(io: CommandIO): Promise<number> {
  const chunk = 'x'.repeat(64 * 1024);
  for (let i = 0; i < FLOOD_CHUNKS; i++) {
    io.write(1, i < 16 ? chunk : `${chunk}\n`);
    await io.sleep(2);
  }
  return EXIT.failed;
}
