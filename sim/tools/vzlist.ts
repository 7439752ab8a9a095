/**
 * `vzlist` command line → output, with the options, checks and messages of the node's vzctl:
 * legacy 4.x, or OpenVZ 7 (CT names and UUIDs as arguments, header only when nothing matches).
 */
import { findContainer, type SimContainer, type SimNodeModel } from '../world/model';
import type { VzlistField } from '../render/vzlist-fields';
import { findField, renderVzlistFieldNames, renderVzlistJson, renderVzlistTable, vzlistDefaultFields } from '../render/vzlist';
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

/** vzctl 3.0.30's usage() (src/vzlist.c): no -t, no -j. */
export const VZLIST_USAGE_3 = VZLIST_USAGE.replace('\t-t, --no-trim\t\tdo not trim long values\n', '').replace('\t-j, --json\t\toutput in JSON format\n', '');

const LONG = {
  'no-header': 'H', 'no-trim': 't', stopped: 'S', all: 'a', name: 'n', json: 'j', name_filter: 'N',
  hostname: 'h', description: 'd', output: 'o', sort: 's', list: 'L', help: 'e', netif: 'i', compat: 'c', skipowner: 'w',
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
  namePattern: string | null;
  /** CTs named on the command line (resolved), or null when none were named. */
  only: SimContainer[] | null;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function parseArgs(model: SimNodeModel, args: string[]): VzlistArgs | CommandResult {
  const vz7 = model.generation === 'vz7';
  // A vzlist without -j (vzctl 3.x; OpenVZ 7 before 7.0.180): getopt refuses -j and --json.
  const noJson = model.vzlistJson === false;
  const allShort = vz7 ? 'HtSanjN:h:d:o:s:i:Le1cw' : 'HtSanjN:h:d:o:s:Le1';
  const short = noJson ? allShort.replace(/[tj]/g, '') : allShort;
  const long = noJson ? Object.fromEntries(Object.entries(LONG).filter(([k]) => k !== 'json' && k !== 'no-trim')) : LONG;
  const usage = noJson && !vz7 ? VZLIST_USAGE_3 : VZLIST_USAGE;
  const g = getopt('vzlist', args, { short, long });
  if (g.error) return { output: [{ fd: 2, data: `${g.error}\n` }, { fd: 1, data: usage }], code: 1 };
  const a: VzlistArgs = { all: false, stoppedOnly: false, header: true, trim: true, json: false, fieldList: null, sort: null, hostPattern: null, namePattern: null, only: null };
  for (const { opt, arg = '' } of g.options) {
    if (opt === 'S') a.stoppedOnly = true;
    else if (opt === 't') a.trim = false;
    else if (opt === 'H') a.header = false;
    else if (opt === 'L') return ok(renderVzlistFieldNames(model));
    else if (opt === 'a') a.all = true;
    else if (opt === 'h') a.hostPattern = arg;
    else if (opt === 'N') a.namePattern = arg;
    else if (opt === 'o') a.fieldList = arg;
    else if (opt === 'j') a.json = true;
    else if (opt === '1') {
      a.fieldList = 'veid';
      a.header = false;
    } else if (opt === 'n') a.fieldList = vz7 ? 'ctid,numproc,status,configured_ip,name' : 'smart_name,numproc,status,ip,hostname';
    else if (opt === 's') {
      const reverse = arg.startsWith('-');
      const field = findField(model, reverse ? arg.slice(1) : arg);
      if (!field) return fail(1, vz7 ? `${arg} is an invalid field name for this query.\n` : `Invalid sort field name: ${arg}\n`);
      a.sort = { field, reverse };
    } else if (opt === 'd' || opt === 'i' || opt === 'c' || opt === 'w') continue;
    else return { output: [{ fd: 1, data: VZLIST_USAGE }], code: 1 };
  }
  if (g.operands.length > 0) {
    a.only = [];
    for (const operand of g.operands) {
      const numeric = /^\d+$/.test(operand) && Number(operand) > 0;
      if (!vz7 && !numeric) return fail(1, `CT ID ${operand} is invalid.\n`);
      const ct = findContainer(model, operand);
      if (vz7 && !ct && !numeric) return fail(1, `Container ID ${operand} is invalid.\n`);
      if (ct) a.only.push(ct);
    }
  }
  return a;
}

function buildFields(model: SimNodeModel, list: string | null, json: boolean): VzlistField[] | null | CommandResult {
  if (list === null) return json ? null : vzlistDefaultFields(model);
  const fields: VzlistField[] = [];
  for (const name of list.split(',')) {
    if (name.length > 30) return fail(1, model.generation === 'vz7' ? `Field name ${name} is unknown.\n` : `Invalid field: ${name}\n`);
    const field = findField(model, name);
    if (!field) return fail(1, `Unknown field: ${name}\n`);
    if (json && field.suffixed) return fail(1, `Field \`${name}' is not available in JSON output\n`);
    fields.push(field);
  }
  return fields;
}

function sortValue(f: VzlistField, ct: SimContainer, model: SimNodeModel): string | number {
  const t = f.text(ct, model).trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** Default order: numeric CT ids (legacy), the ids as strings (OpenVZ 7's CMP_CTID). */
function byId(model: SimNodeModel): (x: SimContainer, y: SimContainer) => number {
  if (model.generation !== 'vz7') return (x, y) => x.ctId - y.ctId;
  return (x, y) => (x.ctid < y.ctid ? -1 : x.ctid > y.ctid ? 1 : 0);
}

export const vzlistCommand: CommandHandler = (args, ctx) => {
  const model = ctx.model;
  const vz7 = model.generation === 'vz7';
  const parsed = parseArgs(model, args);
  if ('code' in parsed) return parsed;
  const fields = buildFields(model, parsed.fieldList, parsed.json);
  if (fields !== null && 'code' in fields) return fields;
  const listAll = parsed.all || parsed.only !== null || parsed.stoppedOnly;
  let cts = (parsed.only ?? model.containers).filter((ct) => listAll || ct.status === 'running');
  if (parsed.only !== null && cts.length === 0) return fail(1, vz7 ? 'Container is not found\n' : 'Container(s) not found\n');
  // vzctl 3.0.x exits 1 even with -a; 4.0 made it 0 unless ids were named (fa6d54c0, bug #2149).
  if (cts.length === 0 && !vz7) return parsed.json ? ok('[]\n') : fail(model.vzlistJson === false ? 1 : 0, 'Container(s) not found\n');
  cts = [...new Set(cts)].sort(byId(model));
  if (parsed.sort) {
    const { field, reverse } = parsed.sort;
    cts.sort((x, y) => {
      const vx = sortValue(field, x, model);
      const vy = sortValue(field, y, model);
      return vx < vy ? -1 : vx > vy ? 1 : 0;
    });
    if (reverse) cts.reverse();
  }
  if (parsed.hostPattern !== null) {
    const re = globToRegExp(parsed.hostPattern);
    cts = cts.filter((ct) => re.test(ct.hostname));
  }
  if (parsed.namePattern !== null) {
    const re = globToRegExp(parsed.namePattern);
    cts = cts.filter((ct) => ct.name !== null && re.test(ct.name));
  }
  if (parsed.stoppedOnly) cts = cts.filter((ct) => ct.status !== 'running');
  if (parsed.json) return ok(renderVzlistJson(model, cts, fields));
  return ok(renderVzlistTable(model, cts, fields ?? vzlistDefaultFields(model), { header: parsed.header, trim: parsed.trim }));
};
