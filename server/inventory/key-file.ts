import fs from 'node:fs/promises';
import path from 'node:path';
import { env, type Env } from '../../env';

/** An OpenSSH private key is a few kB; anything much larger is not one (and /dev/zero is endless). */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** VZFLEET_KEY_DIR, default <data dir>/keys: the only directory key files may be read from. */
export function configuredKeyDir(): string {
  return keyDirFromEnv(env);
}

export function keyDirFromEnv(e: Pick<Env, 'VZFLEET_KEY_DIR' | 'VZFLEET_DATA_DIR'>): string {
  // An operator's directory at run time, nothing of the build: without the hint Turbopack traced the
  // whole project into the server output because of this line.
  return path.resolve(/*turbopackIgnore: true*/ e.VZFLEET_KEY_DIR ?? path.join(e.VZFLEET_DATA_DIR, 'keys'));
}

export class KeyFileError extends Error {}

/**
 * The real path of a key file, if it is a regular file of sane size inside the key directory (after
 * resolving symlinks and `..`, on both sides). Otherwise KeyFileError saying why.
 */
export async function checkKeyFile(keyDir: string, file: string): Promise<string> {
  if (!path.isAbsolute(file) && file.includes('\0')) throw new KeyFileError('invalid path');
  let dir: string;
  try {
    dir = await fs.realpath(keyDir);
  } catch {
    throw new KeyFileError(`the key directory ${keyDir} does not exist (VZFLEET_KEY_DIR)`);
  }
  let real: string;
  try {
    real = await fs.realpath(path.resolve(dir, file));
  } catch (err) {
    throw new KeyFileError(`cannot read key file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!real.startsWith(dir + path.sep)) throw new KeyFileError(`key files must be inside ${dir} (VZFLEET_KEY_DIR)`);
  const st = await fs.stat(real);
  if (!st.isFile()) throw new KeyFileError('not a regular file');
  if (st.size > MAX_KEY_FILE_BYTES) throw new KeyFileError(`larger than ${MAX_KEY_FILE_BYTES} bytes: not a private key`);
  return real;
}

/** Reads a key file after checkKeyFile, never more than the cap (the file may change in between). */
export async function readKeyFile(keyDir: string, file: string): Promise<string> {
  const real = await checkKeyFile(keyDir, file);
  const handle = await fs.open(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_KEY_FILE_BYTES) throw new KeyFileError(`larger than ${MAX_KEY_FILE_BYTES} bytes: not a private key`);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
