import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateUsableEd25519 } from '../../sim/ssh/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { parseSecret, decryptSecretText } from '../ssh/key-vault';
import { FieldError } from '../errors/general-errors';
import { nodeInputSchema } from './node-input';
import { acceptHostKey, findNode, insertNode, inventoryVersion, listNodes, publicNode, removeNode, updateNode } from './nodes';

const secret = parseSecret('ab'.repeat(32));
const FP = 'SHA256:' + 'A'.repeat(43);
// Key files must be inside VZFLEET_KEY_DIR (the temp directory in tests, vitest.config.ts).
const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-nodes-')), 'id_ed25519');
fs.writeFileSync(keyFile, 'key\n');
const valid = { name: 'hn-01', host: 'hn01.example.net', port: 22, sshUser: 'root', authMethod: 'key-file' as const, keyFile };

describe('node input validation', () => {
  it.each([
    ['host', '-oProxyCommand=sh'],
    ['host', 'hn01; reboot'],
    ['host', '$(id)'],
    ['host', 'a b'],
    ['host', 'hn01\u0000'],
    ['host', ''],
    ['port', 70000],
    ['port', 0],
    ['port', '22; id'],
    ['port', 1e9],
    ['sshUser', '-l root'],
    ['sshUser', 'root;id'],
    ['name', '../etc'],
    ['name', '<img src=x onerror=alert(1)>'],
    ['hostKeyFingerprint', 'MD5:aa:bb'],
    ['tags', ['ok', 'bad tag; rm']],
  ])('rejects %s = %j with a message for that field', (field, value) => {
    const r = nodeInputSchema.safeParse({ ...valid, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error!.issues.some((i) => i.path[0] === field)).toBe(true);
  });

  it('accepts host names, IPv4 and IPv6 addresses', () => {
    for (const host of ['hn01', 'hn01.example.net', '127.0.0.1', '::1', 'fe80::1']) {
      expect(nodeInputSchema.safeParse({ ...valid, host }).success).toBe(true);
    }
  });

  it('takes SSH compression as a boolean only, and leaves it out when not given', () => {
    expect(nodeInputSchema.parse(valid).sshCompression).toBeUndefined();
    expect(nodeInputSchema.parse({ ...valid, sshCompression: true }).sshCompression).toBe(true);
    for (const bad of ['true', 'on', 1, null]) {
      const r = nodeInputSchema.safeParse({ ...valid, sshCompression: bad });
      expect(r.error?.issues[0]?.path, JSON.stringify(bad)).toEqual(['sshCompression']);
    }
  });

  it('requires a key file path for the key-file method', () => {
    const r = nodeInputSchema.safeParse({ ...valid, keyFile: undefined });
    expect(r.error?.issues[0]?.path).toEqual(['keyFile']);
  });
});

describe.each(TEST_ENGINES)('inventory on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('adds, lists, edits and removes a node', async () => {
    const n = await insertNode(t.db, valid, secret);
    expect((await listNodes(t.db)).map((x) => x.name)).toContain('hn-01');
    const edited = await updateNode(t.db, n.id, { ...valid, location: 'fra1', tags: ['rack-4'] }, secret);
    expect(edited).toMatchObject({ location: 'fra1', tags: ['rack-4'] });
    await removeNode(t.db, n.id);
    await expect(findNode(t.db, n.id)).rejects.toThrow(/not found/);
  });

  it('has a version that moves with every add, edit, host-key acceptance and removal, and only then', async () => {
    const v0 = await inventoryVersion(t.db);
    expect(await inventoryVersion(t.db)).toBe(v0);
    const n = await insertNode(t.db, { ...valid, name: 'versioned' }, secret);
    const v1 = await inventoryVersion(t.db);
    expect(v1).not.toBe(v0);
    await listNodes(t.db);
    expect(await inventoryVersion(t.db)).toBe(v1);
    await updateNode(t.db, n.id, { ...valid, name: 'versioned', location: 'ams2' }, secret);
    const v2 = await inventoryVersion(t.db);
    expect(v2).not.toBe(v1);
    await acceptHostKey(t.db, n.id, 'SHA256:' + 'A'.repeat(43));
    const v3 = await inventoryVersion(t.db);
    expect(v3).not.toBe(v2);
    await removeNode(t.db, n.id);
    expect(await inventoryVersion(t.db)).not.toBe(v3);
  });

  it('refuses a duplicate name as a field error on "name"', async () => {
    await insertNode(t.db, { ...valid, name: 'dup' }, secret);
    const err = await insertNode(t.db, { ...valid, name: 'dup' }, secret).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FieldError);
    expect((err as FieldError).field).toBe('name');
  });

  it('stores a pasted key encrypted and never exposes it', async () => {
    const { private: key } = generateUsableEd25519();
    const n = await insertNode(t.db, { ...valid, name: 'stored', authMethod: 'stored-key', keyFile: undefined, privateKey: key }, secret);
    expect(n.storedKeyEnc).not.toContain('PRIVATE KEY');
    expect(decryptSecretText(n.storedKeyEnc!, secret)).toBe(key);
    const shown = JSON.stringify(publicNode(n));
    expect(shown).not.toContain(n.storedKeyEnc!);
    expect(shown).toContain('"hasStoredKey":true');
  });

  it('refuses a pasted public key or garbage as the private key', async () => {
    const err = await insertNode(t.db, { ...valid, name: 'bad-key', authMethod: 'stored-key', privateKey: 'ssh-ed25519 AAAA' }, secret).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FieldError);
    expect((err as FieldError).field).toBe('privateKey');
    expect(await listNodes(t.db).then((l) => l.some((x) => x.name === 'bad-key'))).toBe(false);
  });

  it('adds a node without SSH compression unless asked, and keeps the setting across edits that leave it out', async () => {
    const n = await insertNode(t.db, { ...valid, name: 'zlib' }, secret);
    expect(n.sshCompression).toBe(false);
    expect(publicNode(n).sshCompression).toBe(false);
    const on = await updateNode(t.db, n.id, { ...valid, name: 'zlib', sshCompression: true }, secret);
    expect(on.sshCompression).toBe(true);
    expect((await findNode(t.db, n.id)).sshCompression).toBe(true);
    // A client that does not know the field (the CLI, an older form) must not switch it off.
    const kept = await updateNode(t.db, n.id, { ...valid, name: 'zlib', notes: 'edited' }, secret);
    expect(kept).toMatchObject({ notes: 'edited', sshCompression: true });
    expect((await listNodes(t.db)).find((x) => x.id === n.id)?.sshCompression).toBe(true);
    expect((await updateNode(t.db, n.id, { ...valid, name: 'zlib', sshCompression: false }, secret)).sshCompression).toBe(false);
    expect((await insertNode(t.db, { ...valid, name: 'zlib-wan', sshCompression: true }, secret)).sshCompression).toBe(true);
  });

  it('forgets the pinned host key when the node moves to another address', async () => {
    const n = await insertNode(t.db, { ...valid, name: 'mover', hostKeyFingerprint: FP }, secret);
    const same = await updateNode(t.db, n.id, { ...valid, name: 'mover', notes: 'x' }, secret);
    expect(same.hostKeyFingerprint).toBe(FP);
    const moved = await updateNode(t.db, n.id, { ...valid, name: 'mover', host: 'hn02.example.net' }, secret);
    expect(moved.hostKeyFingerprint).toBeNull();
    expect((await acceptHostKey(t.db, n.id, FP)).hostKeyFingerprint).toBe(FP);
  });
});
