import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test-free-port';

/** Real receivers on loopback for the delivery tests: Debian's aiosmtpd, and a node HTTP server. */


async function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SmtpSink {
  port: number;
  /** Raw RFC 5322 messages received so far (the Maildir's new/ folder). */
  messages(): string[];
  stop(): Promise<void>;
}

/** `python3 -m aiosmtpd` with its Mailbox handler writing a Maildir: a real SMTP dialogue. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-smtp-'));
  const maildir = path.join(dir, 'Maildir');
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitForPort(port, 10_000);
  } catch (err) {
    child.kill();
    throw new Error(`aiosmtpd did not start: ${stderr}`, { cause: err });
  }
  return {
    port,
    messages: () => {
      const nd = path.join(maildir, 'new');
      if (!fs.existsSync(nd)) return [];
      return fs
        .readdirSync(nd)
        .sort(byArrival)
        .map((f) => fs.readFileSync(path.join(nd, f), 'utf8'));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }).finally(() => fs.rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * Python's Maildir names a file `<seconds>.M<microseconds>P<pid>Q<counter>.<host>` with the
 * microseconds unpadded, so a plain string sort misorders two messages in the same second.
 * The Q counter rises with each message the one aiosmtpd process delivers: sort by that.
 */
export function byArrival(a: string, b: string): number {
  const q = (name: string) => Number(/Q(\d+)/.exec(name)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return q(a) - q(b) || a.localeCompare(b);
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Status codes to answer with, in order; 200 once they run out. */
  respondWith: number[];
  stop(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const respondWith: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = respondWith.shift() ?? 200;
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
