/**
 * One SSH connection to a simulated node: public-key auth (the authorized keys only, signatures
 * checked), sessions up to sshd's MaxSessions, and `exec` run through the simulated shell, its
 * output streamed back and bent by the node's fault of the moment.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection, ParsedKey, ServerChannel } from 'ssh2';
import type { SimHost } from '../world/directory';
import { SSHD_MAX_SESSIONS, type SimFaultSpec } from '../control/faults';
import { ExecOutput } from './fleet-exec';
import { findAuthorizedKey } from './keys';
import { runCommandLineStreaming } from '../shell/shell';
import type { CommandContext } from '../tools/types';
import { buildCollectLoop, buildCollectScript, collectLoopDoneLine, collectLoopStartLine, collectOptsOf, parseCollectLoopRequest, SCRIPT_EDITIONS, WRAPPER_REFUSAL, type ScriptEdition } from '../../server/ssh/commands';

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED: what sshd 5.3 answers a session beyond MaxSessions, with "open failed". */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

export interface SessionHost {
  host: SimHost;
  authorizedKeys: readonly ParsedKey[];
  /** Read at each step: a fault set while connected applies to the next auth, session or exec. */
  faultSpec(): SimFaultSpec | null;
  /** Streaming commands in flight, aborted when the node stops. */
  running: Set<AbortController>;
  /** Cuts this connection's TCP socket without an SSH goodbye (the drop fault). */
  cut(): void;
}

export function serveConnection(client: Connection, node: SessionHost): void {
  const fault = () => node.faultSpec()?.fault ?? null;
  client.on('error', () => {
    // Resets and protocol errors end the connection; the client sees them on its side.
  });
  client.on('authentication', (ctx) => {
    if (ctx.method !== 'publickey' || ctx.username !== 'root' || fault() === 'auth-refused') return ctx.reject(['publickey']);
    const key = findAuthorizedKey(node.authorizedKeys, ctx.key.algo, ctx.key.data);
    if (!key) return ctx.reject(['publickey']);
    // Without a signature the client only asks whether this key would do (ssh2 answers PK_OK).
    if (ctx.signature && (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)) return ctx.reject(['publickey']);
    ctx.accept();
  });
  const prohibit = answerSessionRefusalsAsSshd(client);
  let sessions = 0;
  client.on('ready', () => {
    client.on('session', (acceptSession, rejectSession) => {
      const max = fault() === 'max-sessions' ? (node.faultSpec()?.maxSessions ?? 0) : SSHD_MAX_SESSIONS;
      if (sessions >= max) return prohibit(rejectSession);
      sessions++;
      const session = acceptSession();
      session.once('close', () => sessions--);
      session.on('pty', (accept) => accept?.());
      session.on('env', (accept) => accept?.());
      session.on('shell', (_accept, reject) => reject?.());
      session.on('subsystem', (_accept, reject) => reject?.());
      session.on('exec', (accept, reject, info) => {
        const spec = node.faultSpec();
        if (spec?.fault === 'refuse-exec') return reject?.();
        const channel = accept();
        if (spec?.fault === 'hang') return; // accepted, then never a byte nor an exit status
        const loopEdition = COLLECT_LOOPS.get(info.command);
        if (loopEdition && spec?.fault === 'no-collect-loop') return refuseAsOldWrapper(channel);
        if (loopEdition) return serveCollectLoop(node, channel, loopEdition);
        void execute(node, channel, info.command, spec);
      });
    });
  });
}

/** The simulated shell has no loops; it knows the loops vzfleet sends (commands.ts buildCollectLoop), one per script edition. */
const COLLECT_LOOPS = new Map<string, ScriptEdition>(SCRIPT_EDITIONS.map((e) => [buildCollectLoop(e), e]));

/** What a forced-command wrapper generated before the collect loop says to it (ssh/forced-command.ts). */
function refuseAsOldWrapper(channel: ServerChannel): void {
  channel.stderr.write(`${WRAPPER_REFUSAL}\n`);
  channel.exit(1);
  channel.end();
}

/**
 * The collect loop as sh runs it: each request line gets the collect script of its kind and token,
 * then the done line; a malformed line ends the loop with exit 2, end of input with exit 0. The
 * node's fault of the moment bends each answer as it would an exec (a hung node never answers).
 */
function serveCollectLoop(node: SessionHost, channel: ServerChannel, edition: ScriptEdition): void {
  let pending = '';
  let queue: Promise<void> = Promise.resolve();
  const end = (code: number) => {
    if (channel.destroyed) return;
    channel.exit(code);
    channel.end();
  };
  channel.on('data', (d: Buffer) => {
    pending += d.toString('latin1');
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const req = parseCollectLoopRequest(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      queue = queue.then(() => {
        if (!req) return end(2);
        const spec = node.faultSpec();
        if (spec?.fault === 'hang') return new Promise<void>(() => {});
        const answer = { start: `${collectLoopStartLine(req.token)}\n`, end: `${collectLoopDoneLine(req.token)}\n` };
        return execute(node, channel, buildCollectScript({ ...collectOptsOf(req.kind), token: req.token, edition }), spec, answer);
      });
    }
  });
  channel.on('end', () => void queue.then(() => end(0)));
}

function execute(node: SessionHost, channel: ServerChannel, command: string, fault: SimFaultSpec | null, answer: { start: string; end: string } | null = null): Promise<void> {
  const epochMs = node.host.tick();
  const out = new ExecOutput(channel, fault, node.cut, answer?.end ?? null);
  if (answer) out.write(2, answer.start);
  const abort = new AbortController();
  const onClose = () => abort.abort();
  channel.on('close', onClose);
  node.running.add(abort);
  const ctx: CommandContext = { model: node.host.model, fault: fault?.fault ?? null, epochMs, host: node.host };
  return runCommandLineStreaming(command, ctx, {
    write: (fd, data) => out.write(fd, data),
    sleep: (ms) => sleep(ms, undefined, { signal: abort.signal }),
    signal: abort.signal,
  })
    .then(
      (code) => out.finish(code),
      (e: unknown) => {
        if (abort.signal.aborted) return out.close();
        out.write(2, `sh: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        out.finish(1);
      },
    )
    .finally(() => {
      channel.off('close', onClose);
      node.running.delete(abort);
    });
}

/**
 * ssh2 refuses a session with CONNECT_FAILED and no text; sshd 5.3 says ADMINISTRATIVELY_PROHIBITED,
 * "open failed" (the OpenSSH client prints "channel 3: open failed: administratively prohibited:
 * open failed"). This reaches into ssh2's protocol object for the one packet; if ssh2 ever changes
 * shape, refusals keep ssh2's own wording.
 */
function answerSessionRefusalsAsSshd(client: Connection): (reject: () => void) => void {
  type OpenFail = (recipient: number, reason: number, description?: string) => void;
  const protocol = (client as unknown as { _protocol?: { channelOpenFail?: OpenFail } })._protocol;
  let prohibiting = false;
  if (protocol && typeof protocol.channelOpenFail === 'function') {
    const original = protocol.channelOpenFail.bind(protocol);
    protocol.channelOpenFail = (recipient, reason, description) =>
      prohibiting ? original(recipient, OPEN_ADMINISTRATIVELY_PROHIBITED, 'open failed') : original(recipient, reason, description);
  }
  return (reject) => {
    prohibiting = true;
    try {
      reject();
    } finally {
      prohibiting = false;
    }
  };
}
