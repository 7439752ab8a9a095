import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import ssh2 from 'ssh2';
import { startSimFleet } from '../sim/ssh/server';
import { adminCookieFile, E2E_PASSWORD, E2E_USERS, storageStateFile } from './helpers/accounts';
import { fleetFile, HOSTILE_HOSTNAME, type E2eFleet } from './helpers/fleet';
import { cookieHeader, setCookies, signIn, storageState } from './helpers/sign-in';
import { apiClient } from './helpers/trpc';

const GARBLED = 2;

/** A server that takes the TCP connection and then says nothing: the "never answering" node. */
function startSilentServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : 0, stop });
    });
  });
}

/**
 * The test server starts with no account. Through the app's own endpoints (as a person would):
 * the one-time setup makes the admin, the admin adds an operator and a support account and a wall
 * link; each signs in and its session is saved as the Playwright storageState of its project, so
 * spec files never log in themselves.
 */
async function createAccounts(baseURL: string): Promise<void> {
  const setup = await fetch(`${baseURL}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ ...E2E_USERS.admin, password: E2E_PASSWORD }),
  });
  if (setup.status !== 201) throw new Error(`first-admin setup failed: ${setup.status} ${await setup.text()}`);
  const admin = await signIn(baseURL, E2E_USERS.admin.email);
  fs.writeFileSync(adminCookieFile(), cookieHeader(admin));
  fs.writeFileSync(storageStateFile('admin'), JSON.stringify(storageState(baseURL, admin)));
  const api = apiClient(baseURL, cookieHeader(admin));
  for (const role of ['operator', 'support'] as const) {
    await api.user.create.mutate({ ...E2E_USERS[role], password: E2E_PASSWORD, role });
    fs.writeFileSync(storageStateFile(role), JSON.stringify(storageState(baseURL, await signIn(baseURL, E2E_USERS[role].email))));
  }
  const kiosk = await api.kiosk.create.mutate({ label: 'e2e wall' });
  // The link opens with the landing page's button (a form POST), as a TV does.
  const opened = await fetch(`${baseURL}${kiosk.path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
  if (opened.status !== 303) throw new Error(`kiosk link did not open: ${opened.status}`);
  fs.writeFileSync(storageStateFile('wall'), JSON.stringify(storageState(baseURL, setCookies(opened))));
}

/** Starts the simulated fleet on 127.0.0.1 and tells the specs where it is; the returned function stops it. */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const dir = process.env.VZFLEET_E2E_DIR!;
  await createAccounts(config.projects[0]!.use.baseURL!);
  const simDir = path.join(dir, 'sim');
  // timeScale: a simulated vzmigrate that takes minutes on real hardware takes seconds here.
  const fleet = await startSimFleet({ nodes: 3, basePort: 0, host: '127.0.0.1', dataDir: simDir, seed: 7, faults: { [GARBLED]: 'garbled' }, controlPort: 0, timeScale: 0.01 });
  const silent = await startSilentServer();

  // A customer's hostname that is markup: it must be shown as text everywhere. vzlist separates
  // columns with spaces, so the payload is one that needs none.
  const first = fleet.nodes[0]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
  first.hostname = HOSTILE_HOSTNAME;

  const wrongKeyPath = path.join(dir, 'wrong_key');
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'not-authorized' });
  fs.writeFileSync(wrongKeyPath, pair.private, { mode: 0o600 });

  const info: E2eFleet = {
    nodes: fleet.nodes.map((n) => ({
      name: n.name,
      host: n.host,
      port: n.port,
      user: n.user,
      hostKeyFingerprint: n.hostKeyFingerprint,
      ctIds: n.model.containers.map((c) => String(c.ctId)),
      runningCtIds: n.model.containers.filter((c) => c.status === 'running').map((c) => String(c.ctId)),
      busyCtId: String(n.model.containers.find((c) => c.busy && c.status === 'running')?.ctId ?? ''),
      containers: n.model.containers.map((c) => ({ ctId: String(c.ctId), hostname: c.hostname, ips: [...c.ips], status: c.status })),
    })),
    hostileCtId: String(first.ctId),
    garbledIndex: GARBLED,
    clientKeyPath: fleet.clientKeyPath!,
    wrongKeyPath,
    silent: { host: '127.0.0.1', port: silent.port },
    controlUrl: fleet.controlUrl!,
  };
  fs.writeFileSync(fleetFile(), JSON.stringify(info, null, 2));

  return async () => {
    await fleet.stop();
    await silent.stop();
  };
}
