import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_LIMIT_MS } from '../server/shutdown-signals';

/**
 * Build-time checks of the deployment files. Real tools where this machine has them
 * (systemd-analyze verify; docker-compose config), structure otherwise: no Docker daemon runs
 * here, so the Dockerfile is checked for its required instructions, not built.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
// js-yaml (a dev dependency); parsing is all we need of it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

function runTool(cmd: string, args: string[], cwd = ROOT, env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { cwd, env: env ?? process.env }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr })),
  );
}

const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';
const DOCKER_COMPOSE = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((p) => existsSync(p));

describe('systemd unit deploy/vzfleet.service', () => {
  const unit = read('deploy/vzfleet.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!.trim());

  it.runIf(existsSync(SYSTEMD_ANALYZE))('passes systemd-analyze verify with nothing to say', async () => {
    const r = await runTool(SYSTEMD_ANALYZE, ['verify', path.join(ROOT, 'deploy/vzfleet.service')]);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it.runIf(existsSync(SYSTEMD_ANALYZE))('would be caught by systemd-analyze with a misspelt hardening option', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vzfleet-unit-'));
    await writeFile(path.join(dir, 'vzfleet.service'), unit.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    const r = await runTool(SYSTEMD_ANALYZE, ['verify', path.join(dir, 'vzfleet.service')]);
    await rm(dir, { recursive: true, force: true });
    expect(r.out).toContain("Unknown key 'NoNewPrivilege'");
  });

  it('runs the built app as the vzfleet user, restarts on failure and never builds', () => {
    expect(values('User')).toEqual(['vzfleet']);
    expect(values('WorkingDirectory')).toEqual(['/opt/vzfleet']);
    expect(values('EnvironmentFile')).toEqual(['/etc/vzfleet/vzfleet.env']);
    expect(values('Restart')).toEqual(['on-failure']);
    expect(values('ExecStart')).toEqual(['/usr/bin/node node_modules/next/dist/bin/next start']);
    expect(values('Environment').join(' ')).toContain('VZFLEET_DATA_DIR=/var/lib/vzfleet');
  });

  it('leaves SIGTERM to vzfleet, and gives it longer than it takes to stop', () => {
    expect(values('Environment').join(' ')).toContain('NEXT_MANUAL_SIG_HANDLE=true');
    expect(values('KillSignal')).toEqual([]); // SIGTERM, the default
    expect(Number(values('TimeoutStopSec')[0]!.replace(/s$/, '')) * 1000).toBeGreaterThan(SHUTDOWN_LIMIT_MS);
  });

  it('is hardened, writable only in its data dir, and keeps what V8 needs', () => {
    expect(values('NoNewPrivileges')).toEqual(['yes']);
    expect(values('ProtectSystem')).toEqual(['strict']);
    expect(values('ReadWritePaths')[0]!.split(/\s+/)).toContain('/var/lib/vzfleet');
    expect(values('StateDirectory')).toEqual(['vzfleet']);
    expect(values('ProtectHome')).toEqual(['yes']);
    expect(values('CapabilityBoundingSet')).toEqual(['']);
    expect(values('MemoryDenyWriteExecute')).toEqual([]);
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  env_file?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

describe('compose.yaml', () => {
  const compose = yaml.load(read('compose.yaml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  /** `docker-compose config -q` in a scratch project: compose.yaml (optionally edited) + .env from deploy/env.example. */
  async function composeConfig(edit: (text: string) => string, env: Record<string, string>): Promise<{ code: number; out: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vzfleet-compose-'));
    let dotenv = read('deploy/env.example');
    for (const [k, v] of Object.entries(env)) dotenv = dotenv.replace(new RegExp(`^${k}=.*$`, 'm'), `${k}=${v}`);
    await writeFile(path.join(dir, 'compose.yaml'), edit(read('compose.yaml')));
    await writeFile(path.join(dir, '.env'), dotenv);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VZFLEET_') && k !== 'POSTGRES_PASSWORD')) as NodeJS.ProcessEnv;
    const r = await runTool(DOCKER_COMPOSE!, ['config', '-q'], dir, clean);
    await rm(dir, { recursive: true, force: true });
    return r;
  }
  const filled = { POSTGRES_PASSWORD: 'example-password', VZFLEET_SECRET: '00'.repeat(32), VZFLEET_METRICS_TOKEN: 'example-token-0123456789' };

  it.runIf(DOCKER_COMPOSE)('passes docker-compose config (the Compose schema) with the example env file filled in', async () => {
    const r = await composeConfig((t) => t, filled);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it.runIf(DOCKER_COMPOSE)('is refused by docker-compose config without a secret, or with a schema error', async () => {
    const noSecret = await composeConfig((t) => t, { ...filled, VZFLEET_SECRET: '' });
    expect(noSecret.code).not.toBe(0);
    expect(noSecret.out).toContain('set VZFLEET_SECRET in .env');
    const typo = await composeConfig((t) => t.replace('service_healthy', 'service_healty'), filled);
    expect(typo.code).not.toBe(0);
    expect(typo.out).toContain('service_healty');
  });

  it('runs vzfleet on postgres:16 with health checks, and starts vzfleet only once Postgres is healthy', () => {
    const { postgres, vzfleet } = compose.services;
    expect(postgres!.image).toBe('postgres:16');
    expect(postgres!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(vzfleet!.build).toBe('.');
    expect(vzfleet!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(vzfleet!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
  });

  it('points vzfleet at the compose Postgres and takes its secret from the env file', () => {
    const env = compose.services.vzfleet!.environment!;
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/vzfleet:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/vzfleet$/);
    expect(env.VZFLEET_SECRET).toMatch(/^\$\{VZFLEET_SECRET:\?/); // refuses to start without one
    expect(compose.services.vzfleet!.env_file).toBe('.env');
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('keeps the database, the data dir and the keys in volumes that exist', () => {
    const mounts = (s: string) => compose.services[s]!.volumes!.map((v) => v.split(':'));
    expect(mounts('postgres')).toContainEqual(['pgdata', '/var/lib/postgresql/data']);
    expect(mounts('vzfleet')).toContainEqual(['vzfleet-data', '/data']);
    expect(mounts('vzfleet')).toContainEqual(['./keys', '/keys', 'ro']);
    const named = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]!)).filter((n) => !n.startsWith('.') && !n.startsWith('/'));
    for (const n of named) expect(Object.keys(compose.volumes)).toContain(n);
    // published on loopback only: the reverse proxy is the way in
    expect(compose.services.vzfleet!.ports).toEqual(['127.0.0.1:3000:3000']);
  });
});

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text: string): { op: string; args: string }[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([A-Za-z]+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`not a Dockerfile instruction: ${l}`);
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

describe('Dockerfile', () => {
  const ins = dockerInstructions(read('Dockerfile'));
  const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
  const stages = ins.filter((i) => i.op === 'FROM');
  const last = ins.slice(ins.lastIndexOf(stages.at(-1)!));

  it('parses: only known instructions, and every COPY --from names an earlier stage', () => {
    for (const i of ins) expect(KNOWN, i.op).toContain(i.op);
    const names = stages.map((s) => /\bAS\s+(\S+)/i.exec(s.args)?.[1]);
    for (const c of ins.filter((i) => i.op === 'COPY' && i.args.includes('--from='))) expect(names).toContain(/--from=(\S+)/.exec(c.args)![1]);
  });

  it('builds on node:20-slim in two stages with npm ci and next build', () => {
    expect(stages.map((s) => s.args.split(/\s+/)[0])).toEqual(['node:20-slim', 'node:20-slim']);
    const runs = ins.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => r.includes('npm ci'))).toBe(true);
    expect(runs.some((r) => r.includes('next build'))).toBe(true);
  });

  it('runs as a non-root user with its data and keys in volumes, without rebuilding', () => {
    const user = last.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBe('vzfleet');
    const env = last.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('VZFLEET_DATA_DIR=/data');
    expect(env).toContain('NODE_ENV=production');
    // docker stop sends SIGTERM and waits 10 s: vzfleet stops by then (server/shutdown-signals.ts).
    expect(env).toContain('NEXT_MANUAL_SIG_HANDLE=true');
    expect(SHUTDOWN_LIMIT_MS).toBeLessThan(10_000);
    expect(JSON.parse(last.find((i) => i.op === 'VOLUME')!.args)).toEqual(['/data', '/keys']);
    const cmd = JSON.parse(last.find((i) => i.op === 'CMD')!.args) as string[];
    expect(cmd.join(' ')).toMatch(/next start$/);
    expect(cmd.join(' ')).not.toContain('build');
  });

  it('health-checks an endpoint that exists and needs no auth', () => {
    const hc = last.find((i) => i.op === 'HEALTHCHECK')!.args;
    expect(hc).toContain('http://127.0.0.1:3000/api/health');
    expect(existsSync(path.join(ROOT, 'app/api/health/route.ts'))).toBe(true);
  });

  it('keeps secrets, local data and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const p of ['.env', 'data', 'keys', 'node_modules', '.next', '.git']) expect(ignored).toContain(p);
  });
});

describe('npm scripts', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  it('serve starts the built app without building; start builds first', () => {
    expect(scripts.serve).toBe('next start');
    expect(scripts.start).toMatch(/^next build && /);
  });
});
