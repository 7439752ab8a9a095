import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The signal handling in a real process (tsx), as Next leaves it: Next's own SIGTERM listener is
 * there first. The services are stand-ins that only say what was done to them.
 */
function runWithSignal(dev: boolean): Promise<{ code: number | null; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-signals-'));
  const script = path.join(dir, 'main.ts');
  fs.writeFileSync(
    script,
    `import { exitCleanlyOnSignals } from ${JSON.stringify(path.resolve('server/shutdown-signals.ts'))};
process.on('SIGTERM', () => { console.log('next: closing the HTTP server'); setTimeout(() => process.exit(143), 50); });
const services = {
  collector: { stopAndHandOver: async () => { console.log('collector: handed over'); return { unfinished: 0 }; } },
  history: { flush: async () => { console.log('history: written'); return 3; } },
  ssh: { closeAll: () => console.log('ssh: closed') },
  clock: () => new Date(),
  closeDb: async () => console.log('db: closed'),
};
const boot = async () => services as never;
exitCleanlyOnSignals(boot, { dev: ${dev} });
exitCleanlyOnSignals(boot, { dev: ${dev} }); // loaded twice: still one way out
setInterval(() => {}, 1000); // a server keeps running
console.log('ready');
`,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n') && !out.includes('SIGTERM')) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, out });
    });
  });
}

describe('SIGTERM in a vzfleet process', () => {
  it('hands over, writes history and closes the database in that order, once, then exits 143 without Next', async () => {
    const { code, out } = await runWithSignal(false);
    expect(code, out).toBe(143);
    const lines = out.split('\n').filter((l) => l && l !== 'ready');
    expect(lines[0]).toBe('vzfleet: SIGTERM: handing over nodes and writing history before exiting');
    expect(lines.slice(1, 5)).toEqual(['collector: handed over', 'ssh: closed', 'history: written', 'db: closed']);
    expect(lines[5]).toMatch(/^vzfleet: stopped in \d+ ms, 3 history buckets written$/);
    expect(out).not.toContain('next: closing');
    expect(out.match(/handed over/g)).toHaveLength(1);
  }, 30_000);

  it('under next dev, lets Next clean up after it', async () => {
    const { code, out } = await runWithSignal(true);
    expect(code, out).toBe(143);
    expect(out.indexOf('db: closed')).toBeLessThan(out.indexOf('next: closing the HTTP server'));
    expect(out.match(/handed over/g)).toHaveLength(1);
  }, 30_000);
});
