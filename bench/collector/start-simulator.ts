import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The simulated fleet in a child process (`sim/control/cli.ts`, seed 42), so its CPU is not the
 * collector's; resolves once it listens. `extraArgs`: e.g. `--fault 0=hang`.
 */
export function startSimulator(opts: { nodes: number | string; cts: number | string; basePort: number | string; dataDir: string; extraArgs?: string[] }): Promise<{ stop: () => void }> {
  const args = ['--import', 'tsx', 'sim/control/cli.ts', '--nodes', String(opts.nodes), '--cts', String(opts.cts), '--seed', '42', '--base-port', String(opts.basePort), '--data-dir', opts.dataDir, ...(opts.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C to stop.')) ok({ stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => fail(new Error(`simulator exited with ${code}`)));
  });
}
