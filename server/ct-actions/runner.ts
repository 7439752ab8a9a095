import { and, eq } from 'drizzle-orm';
import { containers } from '../../db/schema';
import { resolveSshTarget } from '../collector/collect-node';
import { findNode, type NodeRow } from '../inventory/nodes';
import { BoundedText, DEFAULT_OUTPUT_LIMITS, LineSplitter, LiveLineBudget } from '../node-jobs/bounded-output';
import { nodePoolKey } from '../ssh/pool';
import type { CtActionDeps } from './deps';
import { decideCtActionOutcome, type CtActionOutcome } from './outcome';
import { fetchCtProbe } from './read-node';
import { findActiveCtActionJobs, insertCtActionEvents, updateCtActionJob, type CtActionJobRow } from './store';

const TICK_MS = 5_000;
const RECONCILE_GIVE_UP_MS = 10 * 60_000;
/** How long a job of another instance is left alone before this one reads its CT (a few actions' worth). */
const OTHER_OWNER_GRACE_MS = 2 * 60_000;

/**
 * Runs CT actions: each job is one fixed command on the CT's node, its output streamed into the
 * database as events (bounded: a node may print without end), its outcome read back with
 * `vzctl status`, never assumed. Jobs this process did not start — an earlier process died with
 * them running — are reconciled from the CT's status on the node (`recover`, every tick).
 */
export class CtActionRunner {
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CtActionDeps) {}

  start(): void {
    this.sweep();
    this.timer ??= setInterval(() => this.sweep(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves when no job of this process is running and no sweep is under way (tests, shutdown). */
  async idle(): Promise<void> {
    await this.sweeping;
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Runs a job the service has just stored as running. */
  launch(job: CtActionJobRow): void {
    const done = this.run(job)
      .catch(async (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        await this.finish(job, { status: 'failed', error: message, warnings: [], verified: 'not verified: the job could not run' }, null, '', null);
      })
      .catch((err: unknown) => console.error(`vzfleet: CT action ${job.id} failed to record its end:`, err))
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, done);
  }

  /** Jobs active in the database but not running here: reconciled from the node. */
  sweep(): void {
    this.sweeping = this.sweeping
      .then(async () => {
        const now = this.deps.clock().getTime();
        for (const job of await findActiveCtActionJobs(this.deps.db)) {
          // Another instance's fresh job is most likely still running there; its own process decides it.
          if (job.owner !== this.deps.owner && job.status === 'running' && now - job.createdAt.getTime() < OTHER_OWNER_GRACE_MS) continue;
          if (!this.running.has(job.id)) await this.reconcile(job).catch((err: unknown) => console.error(`vzfleet: reconciling CT action ${job.id} failed:`, err));
        }
      })
      .catch((err: unknown) => console.error('vzfleet: CT action sweep failed:', err));
  }

  private async run(job: CtActionJobRow): Promise<void> {
    const { db, clock } = this.deps;
    const node = await findNode(db, job.nodeId);
    const limits = { ...DEFAULT_OUTPUT_LIMITS, ...this.deps.outputLimits };
    const transcript = new BoundedText(limits.logHeadChars, limits.logTailChars);
    const lines = new LineSplitter(limits.lineChars);
    const budget = new LiveLineBudget(limits);
    let lastLine: string | null = null;
    let writes = Promise.resolve();
    const record = (texts: string[]) => {
      for (const t of texts) if (t.trim()) lastLine = t.trim().slice(0, 300);
      const kept = budget.take(texts);
      if (kept.length === 0) return;
      writes = writes.then(() => insertCtActionEvents(db, job.id, clock(), kept.map((text) => ({ kind: 'line' as const, text }))));
    };
    await insertCtActionEvents(db, job.id, clock(), [{ kind: 'status', text: 'running' }, { kind: 'line', text: `$ ${job.command}` }]);
    let code: number | null = null;
    try {
      const target = await resolveSshTarget(node, this.deps);
      const r = await this.deps.ssh.execStream(nodePoolKey(node.id), target, job.command, {
        maxBytes: limits.streamBytes,
        onLimit: (max) => record([`[vzfleet] more than ${max} bytes of output: the rest is dropped`]),
        onData: (_fd, text) => {
          transcript.append(text);
          record(lines.push(text));
        },
      });
      code = r.code;
    } catch (err) {
      record([`[vzfleet] ${err instanceof Error ? err.message : String(err)}`]);
    }
    record(lines.flush());
    await writes;
    const after = await fetchCtProbe(this.deps, node, job.ctId).catch(() => null);
    const outcome = decideCtActionOutcome({ ctId: job.ctId, action: job.action, code, after: after?.status ?? null, lastLine });
    if (outcome.status === 'reconciling') {
      await updateCtActionJob(db, job.id, { status: 'reconciling', exitCode: code, log: transcript.toString() });
      await insertCtActionEvents(db, job.id, clock(), [{ kind: 'status', text: 'reconciling', data: { verified: outcome.verified } }]);
      return;
    }
    await this.finish(job, outcome, code, transcript.toString(), after?.status ?? null, node);
  }

  /** A job nobody here runs: read the CT's status; done when it is what the action wanted, or given up. */
  private async reconcile(job: CtActionJobRow): Promise<void> {
    const node = await findNode(this.deps.db, job.nodeId).catch(() => null);
    if (!node) {
      await this.finish(job, { status: 'failed', error: 'the node was removed from the inventory', warnings: [], verified: 'not verified' }, job.exitCode, job.log, null);
      return;
    }
    const probe = await fetchCtProbe(this.deps, node, job.ctId).catch(() => null);
    const o = decideCtActionOutcome({ ctId: job.ctId, action: job.action, code: job.status === 'reconciling' ? job.exitCode : null, after: probe?.status ?? null, lastLine: null });
    if (o.status === 'succeeded' || o.status === 'succeeded-with-warnings') return this.finish(job, o, job.exitCode, job.log, probe?.status ?? null, node);
    // Not there yet: the action may still be running on the node (a stop waits for the CT's init).
    const age = this.deps.clock().getTime() - job.createdAt.getTime();
    if (age > (this.deps.reconcileGiveUpMs ?? RECONCILE_GIVE_UP_MS)) {
      return this.finish(job, { ...o, status: 'failed', error: `could not be verified: ${o.verified}` }, job.exitCode, job.log, probe?.status ?? null, node);
    }
    if (job.status !== 'reconciling') {
      await updateCtActionJob(this.deps.db, job.id, { status: 'reconciling' });
      await insertCtActionEvents(this.deps.db, job.id, this.deps.clock(), [{ kind: 'status', text: 'reconciling', data: { verified: o.verified } }]);
    }
  }

  private async finish(job: CtActionJobRow, o: CtActionOutcome, code: number | null, transcript: string, after: string | null, node?: NodeRow): Promise<void> {
    const { db, clock } = this.deps;
    const at = clock();
    await updateCtActionJob(db, job.id, { status: o.status, finishedAt: at, exitCode: code, error: o.error, warnings: o.warnings, statusAfter: after, log: transcript });
    await insertCtActionEvents(db, job.id, at, [
      ...o.warnings.map((w) => ({ kind: 'line' as const, text: `Warning: ${w}` })),
      { kind: 'status', text: o.status, data: { error: o.error, verified: o.verified } },
    ]);
    if (after !== null && after !== 'deleted' && node) {
      // The page shows the state read back at once; the next (full) poll confirms it.
      await db.update(containers).set({ status: after, lastSeenAt: at }).where(and(eq(containers.nodeId, node.id), eq(containers.ctId, job.ctId)));
      this.deps.latest?.delete(node.id);
      this.deps.refreshNodes?.([node.id]);
    }
  }
}
