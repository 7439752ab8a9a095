import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite takes no lock on its data directory, and two processes opening it corrupt it. Every
 * process that opens the embedded database takes this lock file first.
 */
export function acquireDataDirLock(dataDir: string, holder: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }), {
        flag: 'wx',
      });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          fs.unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      if (owner && isAlive(owner.pid)) {
        throw new Error(
          `vzfleet: the embedded database in ${dataDir} is in use by ${owner.holder} (pid ${owner.pid}). ` +
            `Stop it first, or use the running server (or set DATABASE_URL to a Postgres).`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock of a process that died
    }
  }
  throw new Error(`vzfleet: could not lock ${file}`);
}

function readOwner(file: string): { pid: number; holder: string } | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown; holder?: unknown };
    return typeof data.pid === 'number' ? { pid: data.pid, holder: String(data.holder) } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
