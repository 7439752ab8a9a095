/** `vzlist` command line → output, with vzctl 4.x's options, checks and messages. */
import type { SimContainer } from '../model';
import { findVzlistField, type VzlistField } from '../render/vzlist-fields';
import { renderVzlistFieldNames, renderVzlistJson, renderVzlistTable, vzlistDefaultFields } from '../render/vzlist';
import { getopt } from './getopt';
import { fail, ok, type CommandHandler, type CommandResult } from './types';

export const VZLIST_USAGE = `Usage:\tvzlist [-a | -S] [-n] [-H] [-o field[,field...] | -1] [-s [-]field]
\t       [-h pattern] [-N pattern] [-d pattern] [CTID [CTID ...]]
\tvzlist -L | --list

Options:
\t-a, --all\t\tlist all containers
\t-S, --stopped\t\tlist stopped containers
\t-n, --name\t\tdisplay containers' names
\t-H, --no-header\t\tsuppress columns header
\t-t, --no-trim\t\tdo not trim long values
\t-j, --json\t\toutput in JSON format
\t-o, --output\t\toutput only specified fields
\t-1\t\t\tsynonym for -H -octid
\t-s, --sort\t\tsort by the specified field
\t\t\t\t('-field' to reverse sort order)
\t-h, --hostname\t\tfilter CTs by hostname pattern
\t-N, --name_filter\tfilter CTs by name pattern
\t-d, --description\tfilter CTs by description pattern
\t-L, --list\t\tget possible field names
`;

const LONG = {
  'no-header': 'H', 'no-trim': 't', stopped: 'S', all: 'a', name: 'n', json: 'j', name_filter: 'N',
  hostname: 'h', description: 'd', output: 'o', sort: 's', list: 'L', help: 'e',
};

interface VzlistArgs {
  all: boolean;
  stoppedOnly: boolean;
  header: boolean;
  trim: boolean;
  json: boolean;
  fieldList: string | null;
  sort: { field: VzlistField; reverse: boolean } | null;
  hostPattern: string | null;
  ids: number[];
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function parseArgs(args: string[]): VzlistArgs | CommandResult {
  const g = getopt('vzlist', args, { short: 'HtSanjN:h:d:o:s:Le1', long: LONG });
  if (g.error) return { output: [{ fd: 2, data: `${g.error}\n` }, { fd: 1, data: VZLIST_USAGE }], code: 1 };
  const a: VzlistArgs = { all: false, stoppedOnly: false, header: true, trim: true, json: false, fieldList: null, sort: null, hostPattern: null, ids: [] };
  for (const { opt, arg = '' } of g.options) {
    if (opt === 'S') a.stoppedOnly = true;
    else if (opt === 't') a.trim = false;
    else if (opt === 'H') a.header = false;
    else if (opt === 'L') return ok(renderVzlistFieldNames());
    else if (opt === 'a') a.all = true;
    else if (opt === 'h') a.hostPattern = arg;
    else if (opt === 'o') a.fieldList = arg;
    else if (opt === 'j') a.json = true;
    else if (opt === '1') {
      a.fieldList = 'veid';
      a.header = false;
    } else if (opt === 'n') a.fieldList = 'smart_name,numproc,status,ip,hostname';
    else if (opt === 's') {
      const reverse = arg.startsWith('-');
      const field = findVzlistField(reverse ? arg.slice(1) : arg);
      if (!field) return fail(1, `Invalid sort field name: ${arg}\n`);
      a.sort = { field, reverse };
    } else if (opt === 'N' || opt === 'd') continue;
    else return { output: [{ fd: 1, data: VZLIST_USAGE }], code: 1 };
  }
  for (const operand of g.operands) {
    const id = /^-?\d+$/.test(operand) ? Number(operand) : 0;
    if (!id) return fail(1, `CT ID ${operand} is invalid.\n`);
    a.ids.push(id);
  }
  return a;
}

function buildFields(list: string | null, json: boolean): VzlistField[] | null | CommandResult {
  if (list === null) return json ? null : vzlistDefaultFields();
  const fields: VzlistField[] = [];
  for (const name of list.split(',')) {
    if (name.length > 30) return fail(1, `Invalid field: ${name}\n`);
    const field = findVzlistField(name);
    if (!field) return fail(1, `Unknown field: ${name}\n`);
    if (json && field.suffixed) return fail(1, `Field \`${name}' is not available in JSON output\n`);
    fields.push(field);
  }
  return fields;
}

function sortValue(f: VzlistField, ct: SimContainer, model: Parameters<VzlistField['text']>[1]): string | number {
  const t = f.text(ct, model);
  return /^\d+$/.test(t) ? Number(t) : t;
}

export const vzlistCommand: CommandHandler = (args, ctx) => {
  const parsed = parseArgs(args);
  if ('code' in parsed) return parsed;
  const fields = buildFields(parsed.fieldList, parsed.json);
  if (fields !== null && 'code' in fields) return fields;
  const wanted = (ct: SimContainer) => parsed.ids.length === 0 || parsed.ids.includes(ct.ctId);
  const listAll = parsed.all || parsed.ids.length > 0 || parsed.stoppedOnly;
  let cts = ctx.model.containers.filter((ct) => wanted(ct) && (listAll || ct.status === 'running'));
  if (cts.length === 0) return fail(parsed.ids.length > 0 ? 1 : 0, 'Container(s) not found\n');
  cts = [...cts].sort((x, y) => x.ctId - y.ctId);
  if (parsed.sort) {
    const { field, reverse } = parsed.sort;
    cts.sort((x, y) => {
      const vx = sortValue(field, x, ctx.model);
      const vy = sortValue(field, y, ctx.model);
      return vx < vy ? -1 : vx > vy ? 1 : 0;
    });
    if (reverse) cts.reverse();
  }
  if (parsed.hostPattern !== null) {
    const re = globToRegExp(parsed.hostPattern);
    cts = cts.filter((ct) => re.test(ct.hostname));
  }
  if (parsed.stoppedOnly) cts = cts.filter((ct) => ct.status !== 'running');
  if (parsed.json) return ok(renderVzlistJson(ctx.model, cts, fields));
  return ok(renderVzlistTable(ctx.model, cts, fields ?? vzlistDefaultFields(), { header: parsed.header, trim: parsed.trim }));
};
