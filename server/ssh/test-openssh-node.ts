import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCollectLoop } from './commands';
import { fingerprintOf } from './fingerprint';
import { buildForcedCommandWrapper } from './forced-command';
import { freePort } from '../test-free-port';

/**
 * A real OpenSSH node for tests: Debian's /usr/sbin/sshd on a free 127.0.0.1 port with its own
 * generated host key, an authorized_keys file in a temp dir, and a collecting user whose PATH
 * starts with small fake OpenVZ tools. The tools print text the caller rendered (e.g. from the
 * simulator's model, so every figure is known): `vzlist`, `vzcpucheck`, and a `cat` that answers
 * /proc/user_beancounters and /proc/meminfo from those files and is the real cat for anything else.
 *
 * Tests run as root: the user is created idempotently (useradd) with the requested login shell.
 * Everything else lives in the node's temp dir; stop() kills sshd and removes the dir.
 */

export const SSHD_PATH = '/usr/sbin/sshd';

/** One answer of the fake vzlist: bytes as a node prints them (a Buffer keeps non-UTF-8 bytes). */
export interface FakeCommandOutput {
  stdout: string | Buffer;
  stderr?: string;
  code?: number;
}

/** What the fake tools print, keyed by the command the collector sends. */
export interface FakeToolOutputs {
  beancounters: string;
  meminfo: string;
  vzcpucheck: string;
  /**
   * vzlist's answer per argument string, exactly as sent (`-a -H -o ctid,status`, `-a -j -o ctid`):
   * a bare string is stdout with exit 0. Any other arguments get exit 2 and a complaint.
   */
  vzlist: Record<string, string | FakeCommandOutput>;
}

const asOutput = (o: string | FakeCommandOutput): FakeCommandOutput => (typeof o === 'string' ? { stdout: o } : o);

/**
 * How the fake tools misbehave, switched at run time by setMode():
 *   flood      vzlist prints 100 MB of short lines
 *   long-line  vzlist prints one 10 MB line without a newline, then exits 0 (not for the
 *              table form's free-text calls, so one section holds the line)
 *   garbage    /proc/user_beancounters holds NUL bytes and binary garbage
 *   endless    vzlist prints a line every 50 ms and never ends
 *   stderr-flood  vzlist prints 5 MB of warnings on stderr, then its rows
 *   no-beancounters  /proc/user_beancounters does not exist (a kernel without OpenVZ)
 *   slow       vzlist waits a second, then answers as usual
 */
export type FakeToolMode = 'normal' | 'flood' | 'long-line' | 'garbage' | 'endless' | 'stderr-flood' | 'no-beancounters' | 'slow';

/** A wrapper as a vzfleet from before the collect loop (and the squeeze) generated it: the plain scripts only, no loop. */
export function wrapperFromBeforeTheLoop(): string {
  return buildForcedCommandWrapper(['plain']).replace(` || [ "$cmd" = '${buildCollectLoop('plain').replace(/'/g, `'\\''`)}' ]`, '');
}

export interface OpenSshNodeOptions {
  /** The collecting user; created if missing. Each test file should use its own. */
  user: string;
  shell: '/bin/bash' | '/bin/dash';
  outputs: FakeToolOutputs;
  /** Lines a login prints for every command: via ~/.bashrc (bash sources it under sshd) or ~/.ssh/rc. */
  chatty?: { via: 'bashrc' | 'ssh-rc'; stdout: string; stderr: string };
  /** LC_ALL for the session (SetEnv): an uninstalled locale makes bash warn on stderr. */
  locale?: string;
  printMotd?: boolean;
  printLastLog?: boolean;
  /** A pre-authentication banner (sshd's Banner), as /etc/issue.net often is. */
  banner?: string;
  /** The forced-command wrapper text: the key is installed as `restrict,command="<dir>/vzfleet-collect"`. */
  forcedCommandWrapper?: string;
  /** Only diffie-hellman-group14-sha1, an ssh-rsa host key and hmac-sha1, as an old sshd offers. */
  legacyAlgorithms?: boolean;
}

export interface OpenSshNode {
  host: '127.0.0.1';
  port: number;
  user: string;
  privateKey: string;
  privateKeyPath: string;
  hostKeyFingerprint: string;
  dir: string;
  setMode(mode: FakeToolMode): void;
  /** Replaces what the fake tools print (same vzlist commands and exit codes as at start). */
  setOutputs(outputs: FakeToolOutputs): void;
  /** sshd's own log (-e), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

const run = (file: string, args: string[]) => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Creates the user or brings it to the wanted shell and home; '*' makes the account usable without PAM. */
function ensureUser(user: string, shell: string, home: string): void {
  if (!/^vzfleet-[a-z0-9-]{1,20}$/.test(user)) throw new Error(`test users are named vzfleet-…, got ${user}`);
  let exists = true;
  try {
    run('/usr/bin/id', ['-u', user]);
  } catch {
    exists = false;
  }
  if (exists) run('/usr/sbin/usermod', ['-s', shell, '-d', home, user]);
  else run('/usr/sbin/useradd', ['-M', '-s', shell, '-d', home, user]);
  // A '!' password marks the account locked, and sshd without PAM refuses locked accounts.
  run('/usr/sbin/usermod', ['-p', '*', user]);
}


/** A single-quoted sh word. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function fakeTools(dir: string, outputs: FakeToolOutputs): Record<string, string> {
  const out = path.join(dir, 'out');
  const mode = `mode=$(/bin/cat ${q(path.join(dir, 'mode'))} 2>/dev/null)`;
  const vzlistCases = Object.entries(outputs.vzlist).map(([args, o], i) => {
    const file = (kind: string) => q(path.join(out, `vzlist-${i}.${kind}`));
    // Quoted as a case pattern: the argument string is matched literally, globs and all.
    return `  ${q(args)}) /bin/cat ${file('err')} >&2; /bin/cat ${file('out')}; exit ${asOutput(o).code ?? 0} ;;`;
  });
  return {
    vzlist: [
      '#!/bin/sh',
      '# Fake vzlist: prints the rendered rows for the field lists the collector asks for.',
      mode,
      'case "$mode" in',
      "  flood) /usr/bin/yes '101 running flood.example.com centos-7-x86_64 1000 0 1 2 3 4 5 6 10.0.0.1' | /usr/bin/head -c 100000000; exit 0 ;;",
      // Only the structured call: the table form's three free-text calls would add 30 MB more.
      "  long-line) case \"$*\" in *,hostname|*,name|*,description) ;; *) /usr/bin/head -c 10000000 /dev/zero | /usr/bin/tr '\\000' x; exit 0 ;; esac ;;",
      "  endless) while :; do echo '101 running'; /bin/sleep 0.05; done ;;",
      '  slow) /bin/sleep 1 ;;',
      "  stderr-flood) /usr/bin/yes 'vzlist: warning: something odd' | /usr/bin/head -c 5000000 >&2 ;;",
      'esac',
      'case "$*" in',
      ...vzlistCases,
      'esac',
      'echo "vzlist: unsupported options: $*" >&2',
      'exit 2',
      '',
    ].join('\n'),
    vzcpucheck: ['#!/bin/sh', `[ "$*" = "-v" ] && exec /bin/cat ${q(path.join(out, 'vzcpucheck.txt'))}`, 'echo "vzcpucheck: unsupported options: $*" >&2', 'exit 2', ''].join('\n'),
    cat: [
      '#!/bin/sh',
      '# The /proc files of an OpenVZ kernel this machine lacks; the real cat for everything else.',
      mode,
      'case "$*" in',
      `  /proc/user_beancounters) [ "$mode" = garbage ] && { printf 'Version: 2.5\\n\\000\\001\\377\\376 garbage \\000\\n'; exit 0; }; [ "$mode" = no-beancounters ] && { echo 'cat: /proc/user_beancounters: No such file or directory' >&2; exit 1; }; exec /bin/cat ${q(path.join(out, 'beancounters.txt'))} ;;`,
      `  /proc/meminfo) exec /bin/cat ${q(path.join(out, 'meminfo.txt'))} ;;`,
      'esac',
      'exec /bin/cat "$@"',
      '',
    ].join('\n'),
  };
}

export async function startOpenSshNode(opts: OpenSshNodeOptions): Promise<OpenSshNode> {
  if (!fs.existsSync(SSHD_PATH)) throw new Error(`${SSHD_PATH} is missing: install Debian's openssh-server (.ci/run does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-openssh-'));
  // The collecting user must reach the tools and outputs; the keys stay root's (0600).
  fs.chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  const bin = path.join(dir, 'bin');
  const out = path.join(dir, 'out');
  for (const d of [home, bin, out, path.join(dir, 'keys')]) fs.mkdirSync(d, { mode: 0o755 });
  ensureUser(opts.user, opts.shell, home);

  const writeOutputs = (o: FakeToolOutputs) => {
    fs.writeFileSync(path.join(out, 'beancounters.txt'), o.beancounters);
    fs.writeFileSync(path.join(out, 'meminfo.txt'), o.meminfo);
    fs.writeFileSync(path.join(out, 'vzcpucheck.txt'), o.vzcpucheck);
    Object.values(o.vzlist).forEach((answer, i) => {
      const { stdout, stderr = '' } = asOutput(answer);
      fs.writeFileSync(path.join(out, `vzlist-${i}.out`), stdout);
      fs.writeFileSync(path.join(out, `vzlist-${i}.err`), stderr);
    });
  };
  writeOutputs(opts.outputs);
  for (const [name, text] of Object.entries(fakeTools(dir, opts.outputs))) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'mode'), 'normal\n', { mode: 0o644 });

  if (opts.chatty) {
    const lines = `echo ${q(opts.chatty.stdout)}\necho ${q(opts.chatty.stderr)} >&2\n`;
    if (opts.chatty.via === 'bashrc') fs.writeFileSync(path.join(home, '.bashrc'), lines);
    else {
      fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o755 });
      fs.writeFileSync(path.join(home, '.ssh', 'rc'), lines);
    }
  }
  run('/bin/chown', ['-R', `${opts.user}:`, home]);

  const hostKeyType = opts.legacyAlgorithms ? 'rsa' : 'ed25519';
  const hostKey = path.join(dir, 'keys', `ssh_host_${hostKeyType}_key`);
  run('/usr/bin/ssh-keygen', ['-q', '-t', hostKeyType, ...(hostKeyType === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', hostKey]);
  const clientKey = path.join(dir, 'keys', 'client_key');
  run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vzfleet-collector', '-f', clientKey]);
  const hostKeyBlob = Buffer.from(fs.readFileSync(`${hostKey}.pub`, 'utf8').split(' ')[1]!, 'base64');

  const wrapperPath = path.join(dir, 'vzfleet-collect');
  if (opts.forcedCommandWrapper) fs.writeFileSync(wrapperPath, opts.forcedCommandWrapper, { mode: 0o755 });
  const pub = fs.readFileSync(`${clientKey}.pub`, 'utf8').trim();
  const authorized = path.join(dir, 'authorized_keys');
  // README's line for the read-only collector key.
  fs.writeFileSync(authorized, `${opts.forcedCommandWrapper ? `restrict,command="${wrapperPath}" ` : ''}${pub}\n`, { mode: 0o644 });

  if (opts.banner !== undefined) fs.writeFileSync(path.join(dir, 'banner'), opts.banner);
  const port = await freePort();
  const env = [`PATH=${bin}:/usr/local/bin:/usr/bin:/bin`, ...(opts.locale ? [`LC_ALL=${opts.locale}`] : [])];
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    `AllowUsers ${opts.user}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    `PrintMotd ${opts.printMotd ? 'yes' : 'no'}`,
    `PrintLastLog ${opts.printLastLog ? 'yes' : 'no'}`,
    `Banner ${opts.banner !== undefined ? path.join(dir, 'banner') : 'none'}`,
    `SetEnv ${env.map((e) => `"${e}"`).join(' ')}`,
    'LogLevel VERBOSE',
    ...(opts.legacyAlgorithms
      ? ['KexAlgorithms diffie-hellman-group14-sha1', 'HostKeyAlgorithms ssh-rsa', 'PubkeyAcceptedAlgorithms +ssh-rsa', 'MACs hmac-sha1', 'Ciphers aes128-ctr,aes256-ctr']
      : []),
    '',
  ].join('\n');
  const configPath = path.join(dir, 'sshd_config');
  fs.writeFileSync(configPath, config, { mode: 0o600 });
  // sshd refuses to start without its privilege-separation directory.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let log = '';
  const proc: ChildProcess = spawn(SSHD_PATH, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr!.on('data', (d: Buffer) => {
    if (log.length < 256 * 1024) log += d.toString();
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${log}`)), 10_000);
      const check = () => {
        if (/Server listening on 127\.0\.0\.1 port/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stderr!.on('data', check);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}:\n${log}`));
      });
      check();
    });
  } catch (err) {
    proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    host: '127.0.0.1',
    port,
    user: opts.user,
    privateKey: fs.readFileSync(clientKey, 'utf8'),
    privateKeyPath: clientKey,
    hostKeyFingerprint: fingerprintOf(hostKeyBlob),
    dir,
    setMode: (mode) => fs.writeFileSync(path.join(dir, 'mode'), `${mode}\n`),
    setOutputs: (o) => {
      // The exit codes are baked into the script: same commands, same codes.
      const shape = (x: FakeToolOutputs) => JSON.stringify(Object.entries(x.vzlist).map(([k, v]) => [k, asOutput(v).code ?? 0]));
      if (shape(o) !== shape(opts.outputs)) throw new Error('setOutputs: the vzlist commands and exit codes must stay the same');
      writeOutputs(o);
    },
    log: () => log,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
