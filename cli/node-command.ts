import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { collectNode } from '../server/collector/collect-node';
import { FieldError } from '../server/errors/general-errors';
import { findNodeByName, insertNode, listNodes, removeNode } from '../server/inventory/nodes';
import { openCliServices } from './open-services';

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

const USAGE = `usage:
  vzfleet node add --name N --host H [--port 22] [--user root] (--key-file F | --stored-key F | --agent)
                   [--fingerprint SHA256:...] [--location L] [--tag T]... [--notes TEXT] [--poll-interval SECONDS]
  vzfleet node import FILE        (inventory JSON written by \`npm run sim\`)
  vzfleet node list [--json]
  vzfleet node remove NAME
`;

function describeInputError(err: unknown): string | null {
  if (err instanceof ZodError) return err.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n');
  if (err instanceof FieldError) return `  ${err.field}: ${err.message}`;
  return null;
}

export async function runNode(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return add(rest, io);
  if (sub === 'import') return importInventory(rest, io);
  if (sub === 'list') return list(rest, io);
  if (sub === 'remove') return remove(rest, io);
  io.stderr(USAGE);
  return 2;
}

async function add(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string', default: '22' },
      user: { type: 'string', default: 'root' },
      'key-file': { type: 'string' },
      'stored-key': { type: 'string' },
      agent: { type: 'boolean', default: false },
      fingerprint: { type: 'string' },
      location: { type: 'string', default: '' },
      tag: { type: 'string', multiple: true, default: [] },
      notes: { type: 'string', default: '' },
      'poll-interval': { type: 'string' },
    },
    strict: true,
  });
  const authMethod = values.agent ? 'agent' : values['stored-key'] ? 'stored-key' : 'key-file';
  const { services, close } = await openCliServices('vzfleet node add');
  try {
    const node = await insertNode(
      services.db,
      {
        name: values.name ?? '',
        host: values.host ?? '',
        port: values.port,
        sshUser: values.user,
        authMethod,
        keyFile: values['key-file'],
        privateKey: values['stored-key'] ? fs.readFileSync(values['stored-key'], 'utf8') : undefined,
        hostKeyFingerprint: values.fingerprint ?? null,
        location: values.location,
        tags: values.tag,
        notes: values.notes,
        pollIntervalS: values['poll-interval'] === undefined ? null : Number(values['poll-interval']),
      },
      services.secret,
    );
    io.stdout(`added node ${node.name} (id ${node.id})${node.hostKeyFingerprint ? '' : ' — accept its host key in the dashboard before it is polled'}\n`);
    return 0;
  } catch (err) {
    const msg = describeInputError(err);
    if (!msg) throw err;
    io.stderr(`vzfleet node add: invalid input:\n${msg}\n`);
    return 1;
  } finally {
    await close();
  }
}

interface InventoryEntry {
  name: string;
  host: string;
  port: number;
  user: string;
  hostKeyFingerprint: string;
  keyFile?: string;
}

async function importInventory(args: string[], io: Io): Promise<number> {
  const [file] = args;
  if (!file) {
    io.stderr(USAGE);
    return 2;
  }
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as InventoryEntry[];
  const { services, close } = await openCliServices('vzfleet node import');
  let added = 0;
  try {
    for (const e of entries) {
      if (await findNodeByName(services.db, e.name)) continue;
      await insertNode(
        services.db,
        { name: e.name, host: e.host, port: e.port, sshUser: e.user, authMethod: 'key-file', keyFile: e.keyFile, hostKeyFingerprint: e.hostKeyFingerprint },
        services.secret,
      );
      added++;
    }
    io.stdout(`imported ${added} node(s), ${entries.length - added} already present\n`);
    return 0;
  } catch (err) {
    const msg = describeInputError(err);
    if (!msg) throw err;
    io.stderr(`vzfleet node import: invalid entry:\n${msg}\n`);
    return 1;
  } finally {
    await close();
  }
}

async function list(args: string[], io: Io): Promise<number> {
  const { services, close } = await openCliServices('vzfleet node list');
  try {
    const rows = await listNodes(services.db);
    if (args.includes('--json')) {
      io.stdout(JSON.stringify(rows.map((n) => ({ id: n.id, name: n.name, host: n.host, port: n.port, user: n.sshUser, hostKeyFingerprint: n.hostKeyFingerprint })), null, 2) + '\n');
    } else {
      for (const n of rows) io.stdout(`${n.id}\t${n.name}\t${n.sshUser}@${n.host}:${n.port}\t${n.hostKeyFingerprint ?? '(host key not accepted)'}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}

async function remove(args: string[], io: Io): Promise<number> {
  const [name] = args;
  if (!name) {
    io.stderr(USAGE);
    return 2;
  }
  const { services, close } = await openCliServices('vzfleet node remove');
  try {
    const node = await findNodeByName(services.db, name);
    if (!node) {
      io.stderr(`vzfleet node remove: no node named ${name}\n`);
      return 1;
    }
    await removeNode(services.db, node.id);
    io.stdout(`removed node ${name}\n`);
    return 0;
  } finally {
    await close();
  }
}

/** `vzfleet collect <node> [--json]`: one poll, stored like the server's, printed. */
export async function runCollect(args: string[], io: Io): Promise<number> {
  const name = args.find((a) => !a.startsWith('--'));
  if (!name) {
    io.stderr('usage: vzfleet collect <node> [--json]\n');
    return 2;
  }
  const { services, close } = await openCliServices('vzfleet collect');
  try {
    const node = await findNodeByName(services.db, name);
    if (!node) {
      io.stderr(`vzfleet collect: no node named ${name}\n`);
      return 1;
    }
    const r = await collectNode(services, node.id);
    if (args.includes('--json')) io.stdout(JSON.stringify(r, null, 2) + '\n');
    else if (r.ok) io.stdout(`${name}: ${r.health}, ${r.snapshot.containers.length} containers, ${r.durationMs} ms\n`);
    if (!r.ok) io.stderr(`vzfleet collect: ${name}: ${r.health}: ${r.error}${r.errorLine ? `\n  offending line: ${r.errorLine}` : ''}\n`);
    return r.ok ? 0 : 1;
  } finally {
    await close();
  }
}
