/**
 * OpenVZ 7's `prlctl list|status` (read-only) and `vznetstat`. A CT is found by its name, its
 * UUID (with or without braces) or its CT id. Errors go to stderr with exit 255, as prlctl's -1.
 */
import type { SimContainer, SimNodeModel } from '../world/model';
import {
  PRLCTL_DEFAULT_FIELDS,
  findPrlctlField,
  renderPrlctlFieldList,
  renderPrlctlInfo,
  renderPrlctlJson,
  renderPrlctlStatus,
  renderPrlctlTable,
  renderVznetstat,
  type PrlctlField,
} from '../render/prlctl';
import { getopt } from './getopt';
import { isPrlctlAction, runPrlctlAction } from './prlctl-actions';
import { prlctlSet } from './prlctl-set';
import { prlctlMigrateCommand } from './prlctl-migrate';
import { fail, ok, type AnyCommandHandler, type CommandHandler, type CommandResult } from './types';

const PRLCTL_ERROR = 255;

function findCt(model: SimNodeModel, id: string): SimContainer | undefined {
  const bare = id.replace(/^\{(.*)\}$/, '$1');
  return model.containers.find((ct) => ct.name === bare || ct.uuid === bare || ct.ctid === bare);
}

const notFound = (id: string) => fail(PRLCTL_ERROR, `Failed to get VM config: The virtual machine could not be found.\nUnable to find the CT ${id}\n`);

const PRLCTL_USAGE = `prlctl list [-a, --all] [-o, --output <field[,field...]>] [-s, --sort <field>] [-H, --no-header] [-j, --json] [-L] [-i, --info] [<ID | NAME>]
prlctl status <ID | NAME>
prlctl migrate <ID> <dst_node[/NAME]> [--ssh <options>] [--verbose <level>]
`;

function listCommand(args: string[], model: SimNodeModel, epochMs: number): CommandResult {
  const g = getopt('prlctl', args, {
    short: 'ao:s:HjLif',
    long: { all: 'a', output: 'o', sort: 's', 'no-header': 'H', json: 'j', info: 'i', full: 'f', list: 'L' },
  });
  if (g.error) return fail(PRLCTL_ERROR, `${g.error}\n${PRLCTL_USAGE}`);
  const has = (o: string) => g.options.some((x) => x.opt === o);
  if (has('L')) return ok(renderPrlctlFieldList());
  const only = g.operands[0];
  const selected = only === undefined ? null : findCt(model, only);
  if (only !== undefined && !selected) return notFound(only);
  if (has('i')) {
    const cts = selected ? [selected] : model.containers.filter((ct) => has('a') || ct.status === 'running');
    return ok(cts.map((ct) => renderPrlctlInfo(model, ct, epochMs)).join('\n'));
  }
  const list = g.options.find((o) => o.opt === 'o')?.arg;
  const fields: PrlctlField[] = [];
  for (const name of list ? list.split(',') : PRLCTL_DEFAULT_FIELDS) {
    const f = findPrlctlField(name);
    if (!f) return fail(PRLCTL_ERROR, `Unknown field: ${name}\n`);
    fields.push(f);
  }
  let cts = selected ? [selected] : model.containers.filter((ct) => has('a') || ct.status === 'running');
  const sort = g.options.find((o) => o.opt === 's')?.arg;
  if (sort) {
    // Without -s prlctl keeps its registration order; with it, the field's text order.
    const sortField = findPrlctlField(sort.replace(/^-/, ''));
    if (!sortField) return fail(PRLCTL_ERROR, `Unknown field: ${sort}\n`);
    const key = (ct: SimContainer) => sortField.values(ct, model)[0] ?? '';
    cts = [...cts].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    if (sort.startsWith('-')) cts.reverse();
  }
  if (has('j')) return ok(renderPrlctlJson(model, cts, fields));
  return ok(renderPrlctlTable(model, cts, fields, !has('H')));
}

/** `prlctl list …`, `prlctl status <ct>`, `prlctl migrate …` (prlctl-migrate.ts); every other prlctl command is refused. */
export const prlctlCommand: AnyCommandHandler = (args, ctx) => {
  const [action, ...rest] = args;
  if (action === 'list') return listCommand(rest, ctx.model, ctx.epochMs);
  if (action === 'migrate') return prlctlMigrateCommand(rest, ctx);
  if (action === 'status') {
    const id = rest[0];
    if (id === undefined) return fail(PRLCTL_ERROR, PRLCTL_USAGE);
    const ct = findCt(ctx.model, id);
    return ct ? ok(renderPrlctlStatus(ct)) : notFound(id);
  }
  if (isPrlctlAction(action)) return runPrlctlAction(action, rest, rest[0] === undefined ? undefined : findCt(ctx.model, rest[0]), ctx);
  if (action === 'set') return prlctlSet(ctx.model, rest, (id) => findCt(ctx.model, id));
  if (action === '--version' || action === '-V') return ok('prlctl version 7.0.212\n');
  return fail(PRLCTL_ERROR, `${action === undefined ? '' : `The command "${action}" is not available on the simulated node.\n`}${PRLCTL_USAGE}`);
};

/** `vznetstat [-v <ct>]`: traffic per CT (the host is `0`). */
export const vznetstatCommand: CommandHandler = (args, ctx) => {
  const g = getopt('vznetstat', args, { short: 'v:r:c:a' });
  if (g.error) return fail(1, `${g.error}\nUsage: vznetstat [-v <ctid>] [-r] [-c <class>] [-a]\n`);
  const id = g.options.find((o) => o.opt === 'v')?.arg;
  if (id === undefined) return ok(renderVznetstat(ctx.model, null));
  const ct = findCt(ctx.model, id);
  return ct ? ok(renderVznetstat(ctx.model, ct)) : fail(1, `Container ${id} not found\n`);
};
