import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/**
 * A vzfleet server of the spec's own (`next start` on the already built .next), for journeys
 * that need to stop and start the server: Playwright's webServer cannot be restarted. It gets its
 * own port and its own embedded database, and no demo fleet.
 */
export interface OwnServer {
  url: string;
  /** Starts the process and resolves once it answers HTTP. */
  start(): Promise<void>;
  /**
   * SIGTERM, then SIGKILL if it has not exited within 10 s; resolves once it has exited, with its
   * exit code (null when a signal ended it) and how long it took.
   */
  stop(): Promise<{ code: number | null; ms: number } | null>;
  /** Everything the process printed, for a failing test's message. */
  output(): string;
}

export function ownServer(opts: { port: number; dataDir: string }): OwnServer {
  const url = `http://127.0.0.1:${opts.port}`;
  let child: ChildProcess | null = null;
  let log = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VZFLEET_DATA_DIR: opts.dataDir,
    VZFLEET_DEMO: 'off',
    VZFLEET_POLL_INTERVAL_S: '3',
    VZFLEET_SSH_CONNECT_TIMEOUT_MS: '4000',
    VZFLEET_SSH_COMMAND_TIMEOUT_MS: '8000',
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
  delete env.DATABASE_URL; // its own embedded database, never a shared Postgres

  return {
    url,
    output: () => log,
    async start() {
      if (child) throw new Error('own server: already running');
      if (!(await isPortFree(opts.port))) throw new Error(`own server: port ${opts.port} is taken (set VZFLEET_E2E_RESTART_PORT)`);
      // next's own bin under node: one process whose pid we hold, no npx wrapper in between.
      const bin = path.resolve('node_modules/next/dist/bin/next');
      const proc = spawn(process.execPath, [bin, 'start', '-p', String(opts.port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout.on('data', (d: Buffer) => (log += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (log += d.toString()));
      proc.once('exit', () => {
        if (child === proc) child = null;
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (!child) throw new Error(`own server exited while starting:\n${log}`);
        const ok = await fetch(`${url}/nodes`).then((r) => r.ok, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`own server did not answer within 60 s:\n${log}`);
    },
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null) return null;
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      const started = Date.now();
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, ms: Date.now() - started };
    },
  };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
