import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows } from '../../db/sql-rows';
import { nodePollState, nodes } from '../../db/schema';
import { encryptSecretText } from '../ssh/key-vault';
import { privateKeyProblem } from '../ssh/private-key';
import { FieldError, NotFoundError } from '../errors/general-errors';
import { checkKeyFile, configuredKeyDir, KeyFileError } from './key-file';
import { nodeInputSchema, type NodeInput, type NodeInputParsed } from './node-input';

export type NodeRow = typeof nodes.$inferSelect;

/** What may leave the server about a node: everything but key material. */
export function publicNode(n: NodeRow) {
  return {
    id: n.id,
    name: n.name,
    host: n.host,
    port: n.port,
    sshUser: n.sshUser,
    authMethod: n.authMethod,
    keyFile: n.keyFile,
    hasStoredKey: n.storedKeyEnc !== null,
    hostKeyFingerprint: n.hostKeyFingerprint,
    location: n.location,
    tags: n.tags,
    notes: n.notes,
    pollIntervalS: n.pollIntervalS,
    sshCompression: n.sshCompression,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}
export type PublicNode = ReturnType<typeof publicNode>;

function sealKey(privateKey: string | undefined, secret: Buffer): string | undefined {
  if (privateKey === undefined || privateKey.trim() === '') return undefined;
  const problem = privateKeyProblem(privateKey);
  if (problem) throw new FieldError('privateKey', problem);
  return encryptSecretText(privateKey, secret);
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

/** The columns a node form sets directly, shared by insert and update. */
function formColumns(input: NodeInputParsed) {
  return {
    name: input.name,
    host: input.host,
    port: input.port,
    sshUser: input.sshUser,
    authMethod: input.authMethod,
    keyFile: input.authMethod === 'key-file' ? (input.keyFile ?? null) : null,
    location: input.location,
    tags: input.tags,
    notes: input.notes,
  };
}

export async function findNode(db: Db, id: number): Promise<NodeRow> {
  const [row] = await db.select().from(nodes).where(eq(nodes.id, id));
  if (!row) throw new NotFoundError(`node ${id}`);
  return row;
}

export async function findNodeByName(db: Db, name: string): Promise<NodeRow | null> {
  const [row] = await db.select().from(nodes).where(eq(nodes.name, name));
  return row ?? null;
}

/**
 * A fingerprint of the whole inventory that changes whenever a node is added, edited or removed:
 * every written row version gets a new xmin (transaction id), so the count and the sum of xmins
 * move with any change. One row back instead of the whole table: the collector asks every second
 * and reads the nodes only when this moved (1000 rows through the driver and Drizzle each second
 * were ~2 % of its CPU at 1000 nodes).
 */
export async function inventoryVersion(db: Db): Promise<string> {
  const [row] = await selectRows<{ n: number | string; v: string | null }>(db, sql`select count(*) as n, sum(xmin::text::bigint)::text as v from nodes`);
  return `${row?.n ?? 0}/${row?.v ?? ''}`;
}

export async function listNodes(db: Db): Promise<NodeRow[]> {
  return db.select().from(nodes).orderBy(asc(nodes.name));
}

export async function insertNode(db: Db, raw: NodeInput, secret: Buffer, o: { keyDir?: string } = {}): Promise<NodeRow> {
  const input = nodeInputSchema.parse(raw);
  await assertKeyFileAllowed(input, o.keyDir);
  const storedKeyEnc = sealKey(input.privateKey, secret);
  if (input.authMethod === 'stored-key' && !storedKeyEnc) {
    throw new FieldError('privateKey', 'paste the private key vzfleet should use');
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(nodes)
        .values({
          ...formColumns(input),
          storedKeyEnc: input.authMethod === 'stored-key' ? (storedKeyEnc ?? null) : null,
          hostKeyFingerprint: input.hostKeyFingerprint ?? null,
          pollIntervalS: input.pollIntervalS ?? null,
          // Off unless asked: on a LAN zlib costs collector CPU and saves nothing (README, "SSH compression").
          sshCompression: input.sshCompression ?? false,
        })
        .returning();
      await tx.insert(nodePollState).values({ nodeId: row!.id });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError('name', `a node named "${input.name}" already exists`);
    throw err;
  }
}

export async function updateNode(db: Db, id: number, raw: NodeInput, secret: Buffer, o: { keyDir?: string } = {}): Promise<NodeRow> {
  const input = nodeInputSchema.parse(raw);
  await assertKeyFileAllowed(input, o.keyDir);
  const current = await findNode(db, id);
  const newKey = sealKey(input.privateKey, secret);
  const storedKeyEnc = input.authMethod === 'stored-key' ? (newKey ?? current.storedKeyEnc) : null;
  if (input.authMethod === 'stored-key' && !storedKeyEnc) {
    throw new FieldError('privateKey', 'paste the private key vzfleet should use');
  }
  // A new address may be a different machine: its host key must be accepted again.
  const moved = input.host !== current.host || input.port !== current.port;
  const fingerprint =
    input.hostKeyFingerprint !== undefined ? input.hostKeyFingerprint : moved ? null : current.hostKeyFingerprint;
  try {
    const [row] = await db
      .update(nodes)
      .set({
        ...formColumns(input),
        storedKeyEnc,
        hostKeyFingerprint: fingerprint,
        pollIntervalS: input.pollIntervalS === undefined ? current.pollIntervalS : input.pollIntervalS,
        sshCompression: input.sshCompression ?? current.sshCompression,
        updatedAt: new Date(),
      })
      .where(eq(nodes.id, id))
      .returning();
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError('name', `a node named "${input.name}" already exists`);
    throw err;
  }
}

export async function removeNode(db: Db, id: number): Promise<void> {
  const deleted = await db.delete(nodes).where(eq(nodes.id, id)).returning({ id: nodes.id });
  if (deleted.length === 0) throw new NotFoundError(`node ${id}`);
}

/** A person checked the fingerprint (e.g. against `ssh-keygen -lf` on the node) and trusts it. */
export async function acceptHostKey(db: Db, id: number, fingerprint: string): Promise<NodeRow> {
  const [row] = await db
    .update(nodes)
    .set({ hostKeyFingerprint: fingerprint, updatedAt: new Date() })
    .where(eq(nodes.id, id))
    .returning();
  if (!row) throw new NotFoundError(`node ${id}`);
  return row;
}

/** A key file must be a small regular file inside the key directory (VZFLEET_KEY_DIR): checked when saved. */
async function assertKeyFileAllowed(input: NodeInputParsed, keyDir = configuredKeyDir()): Promise<void> {
  if (input.authMethod !== 'key-file' || !input.keyFile) return;
  try {
    await checkKeyFile(keyDir, input.keyFile);
  } catch (err) {
    if (err instanceof KeyFileError) throw new FieldError('keyFile', err.message);
    throw err;
  }
}
