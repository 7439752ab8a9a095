import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { resolveSshTarget } from '../collector/collect-node';
import { SshError } from '../ssh/errors';
import { FieldError } from '../errors/general-errors';
import { checkKeyFile, MAX_KEY_FILE_BYTES, readKeyFile } from './key-file';
import { insertNode } from './nodes';

describe('key files live in one directory', () => {
  let root: string;
  let keyDir: string;
  let outside: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-keydir-'));
    keyDir = path.join(root, 'keys');
    fs.mkdirSync(keyDir);
    fs.writeFileSync(path.join(keyDir, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n');
    outside = path.join(root, 'elsewhere');
    fs.writeFileSync(outside, 'secret elsewhere');
    fs.symlinkSync(outside, path.join(keyDir, 'link-out'));
    fs.symlinkSync('/dev/zero', path.join(keyDir, 'zero'));
    fs.writeFileSync(path.join(keyDir, 'huge'), Buffer.alloc(MAX_KEY_FILE_BYTES + 1, 65));
    fs.mkdirSync(path.join(keyDir, 'sub'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a key inside the directory, by absolute or relative path', async () => {
    expect(await readKeyFile(keyDir, path.join(keyDir, 'id_ed25519'))).toContain('OPENSSH');
    expect(await readKeyFile(keyDir, 'id_ed25519')).toContain('OPENSSH');
  });

  it.each([
    ['/dev/zero', /inside/],
    ['/etc/passwd', /inside/],
    ['../elsewhere', /inside/],
    ['link-out', /inside/],
    ['zero', /inside/],
    ['huge', /larger/],
    ['sub', /regular file/],
    ['missing', /ENOENT/],
  ])('refuses %s', async (file, reason) => {
    await expect(checkKeyFile(keyDir, file)).rejects.toThrow(reason);
  });

  it('is checked when a node is saved and again when it is used', async () => {
    const t: TestDb = await createTestDb('pglite');
    try {
      const base = { name: 'hn-k', host: '127.0.0.1', authMethod: 'key-file' as const };
      await expect(insertNode(t.db, { ...base, keyFile: '/dev/zero' }, Buffer.alloc(32), { keyDir })).rejects.toBeInstanceOf(FieldError);
      const row = await insertNode(t.db, { ...base, keyFile: path.join(keyDir, 'id_ed25519') }, Buffer.alloc(32), { keyDir });
      // The file is replaced by a link to somewhere else after it was saved: refused at use.
      fs.rmSync(path.join(keyDir, 'id_ed25519'));
      fs.symlinkSync('/dev/zero', path.join(keyDir, 'id_ed25519'));
      await expect(resolveSshTarget(row, { secret: Buffer.alloc(32), keyDir })).rejects.toBeInstanceOf(SshError);
      await expect(resolveSshTarget({ ...row, keyFile: '/dev/zero' }, { secret: Buffer.alloc(32), keyDir })).rejects.toThrow(/inside/);
    } finally {
      await t.drop();
    }
  });
});
