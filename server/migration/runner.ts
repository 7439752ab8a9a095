import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { containers } from '../../db/schema';
import type { MigrationStatus } from '../../vocabulary/migration-status';
import { resolveSshTarget } from '../collector/collect-node';
import { findNode, type NodeRow } from '../inventory/nodes';
import type { VzmigrateLog } from '../openvz/vzmigrate-log';
import { nodePoolKey } from '../ssh/pool';
import type { MigrationDeps } from './deps';
import { fetchNodeProbe, runCheckOnly } from './gather';
import { BoundedText, DEFAULT_OUTPUT_LIMITS, LineSplitter, LiveLineBudget } from '../node-jobs/bounded-output';
import { migrationToolFor, probeGeneration, type MigrationTool } from './migration-tool';
import { decideOutcome, type Outcome } from './outcome';
import { adoptJob, beatMigrationOwner, findLiveMigrationOwners, mayReconcile, MIGRATION_HEARTBEAT_MS, releaseMigrationOwner } from './ownership';
import { claimJob, countPlanJobs, findActiveJobs, findJob, findPlan, insertEvents, insertJob, updateJob, updatePlan, type JobRow } from './store';

export interface StartInput {
  ctId: string;
  sourceNodeId: number;
  targetNodeId: number;
  online: boolean;
  requestedBy: string;
  overrideReason?: string | null;
  planId?: string | null;
}

/** Reconciling gives up after this long and calls the job failed, so nothing stays "running" forever. */
const RECONCILE_GIVE_UP_MS = 30 * 60_000;
const TICK_MS = 3_000;
const LOCKED_RETRIES = 5;
const LOCKED_RETRY_MS = 2_000;

/**
 * Runs migration jobs: at most one per CT (the router checks, vzmigrate's own lock backs it up)
 * and `perNodeLimit` per node, plans under their own concurrency. Progress goes to the database
 * as events, so any browser (and a restarted vzfleet) sees the same thing. After a restart the
 * jobs this process was running have no session any more: `recover()` reconciles them from vzlist.
 */
export class MigrationRunner {
  private readonly running = new Map<string, { abort: AbortController; cancelled: boolean; done: Promise<void> }>();
  private pumping: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly deps: MigrationDeps) {}

  /** Recovers what an earlier process left running and keeps the queue moving. */
  start(): void {
    this.kick();
    this.timer ??= setInterval(() => this.kick(), TICK_MS);
    this.timer.unref();
    // Its own timer: a pump waiting on a slow node must not make this runner look dead.
    this.heartbeat ??= setInterval(() => void this.beat(), MIGRATION_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    this.heartbeat = null;
    // Nothing of ours left running: others need not wait out the TTL for our jobs.
    if (this.running.size === 0) releaseMigrationOwner(this.deps.db, this.deps.owner).catch(() => {});
  }

  private beat(): Promise<void> {
    return beatMigrationOwner(this.deps.db, this.deps.owner, this.deps.clock()).catch((err: unknown) => console.error('vzfleet: migration heartbeat failed:', err));
  }

  async enqueue(input: StartInput): Promise<JobRow> {
    const [src, dst] = [await findNode(this.deps.db, input.sourceNodeId), await findNode(this.deps.db, input.targetNodeId)];
    const job = await insertJob(this.deps.db, {
      id: randomUUID(),
      ctId: input.ctId,
      sourceNodeId: src.id,
      targetNodeId: dst.id,
      sourceName: src.name,
      targetName: dst.name,
      online: input.online,
      status: 'queued',
      requestedBy: input.requestedBy,
      overrideReason: input.overrideReason ?? null,
      planId: input.planId ?? null,
      createdAt: this.deps.clock(),
    });
    await insertEvents(this.deps.db, job.id, this.deps.clock(), [{ kind: 'status', text: 'queued' }]);
    this.kick();
    return job;
  }

  /** Queued: never starts. Running: the session is closed, then the outcome is verified. */
  async cancel(jobId: string): Promise<boolean> {
    const live = this.running.get(jobId);
    if (live) {
      live.cancelled = true;
      live.abort.abort();
      await live.done;
      return true;
    }
    const job = await findJob(this.deps.db, jobId);
    if (job?.status !== 'queued') return false;
    await this.finish(job, { status: 'cancelled', error: null, warnings: [], freezeSeconds: null, verified: 'cancelled before it started' }, null, '');
    return true;
  }

  /** Resolves when no job of this process is running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.pumping;
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  kick(): void {
    this.pumping = this.pumping.then(() => this.pump()).catch((err: unknown) => console.error('vzfleet: migration queue failed:', err));
  }

  private async pump(): Promise<void> {
    // Alive before claiming anything, so no other runner takes a job of ours for orphaned.
    await this.beat();
    const active = await findActiveJobs(this.deps.db);
    const live = active.some((j) => j.status !== 'queued' && !this.running.has(j.id)) ? await findLiveMigrationOwners(this.deps.db, this.deps.clock()) : new Set<string>();
    const perNode = new Map<number, number>();
    const count = (id: number | null) => id !== null && perNode.set(id, (perNode.get(id) ?? 0) + 1);
    for (const j of active) {
      if (j.status === 'queued') continue;
      count(j.sourceNodeId);
      count(j.targetNodeId);
      // Running in the database but not here: an earlier process (or a crashed session) left it.
      // Another live runner's job is its business (ownership.ts); a dead one's is adopted first.
      if (!this.running.has(j.id) && mayReconcile(j, this.deps.owner, live) && (await adoptJob(this.deps.db, j, this.deps.owner))) {
        await this.reconcile({ ...j, owner: this.deps.owner });
      }
    }
    const planRunning = new Map<string, number>();
    for (const j of active) if (j.planId && j.status !== 'queued') planRunning.set(j.planId, (planRunning.get(j.planId) ?? 0) + 1);
    const ctsBusy = new Set(active.filter((j) => j.status !== 'queued').map((j) => j.ctId));
    for (const j of active) {
      if (j.status !== 'queued' || ctsBusy.has(j.ctId) || this.running.has(j.id)) continue;
      if ((perNode.get(j.sourceNodeId ?? -1) ?? 0) >= this.deps.perNodeLimit || (perNode.get(j.targetNodeId ?? -1) ?? 0) >= this.deps.perNodeLimit) continue;
      if (j.planId) {
        const plan = await findPlan(this.deps.db, j.planId);
        if (plan?.status === 'cancelled') {
          await this.finish(j, { status: 'cancelled', error: null, warnings: [], freezeSeconds: null, verified: 'plan cancelled' }, null, '');
          continue;
        }
        if (plan?.status !== 'running' || (planRunning.get(j.planId) ?? 0) >= plan.concurrency) continue;
        planRunning.set(j.planId, (planRunning.get(j.planId) ?? 0) + 1);
      }
      // Claimed in the database before it starts, so no later pass (or instance) starts it again.
      if (!(await claimJob(this.deps.db, j.id, this.deps.owner, this.deps.clock()))) continue;
      count(j.sourceNodeId);
      count(j.targetNodeId);
      ctsBusy.add(j.ctId);
      this.launch(j);
    }
  }

  private launch(job: JobRow): void {
    const abort = new AbortController();
    const entry = { abort, cancelled: false, done: Promise.resolve() };
    entry.done = this.run(job, entry)
      .catch(async (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        await this.finish(job, { status: 'failed', error: message, warnings: [], freezeSeconds: null, verified: 'not verified: the job could not run' }, null, '');
      })
      .catch((err: unknown) => console.error(`vzfleet: migration ${job.id} failed to record its end:`, err))
      .finally(() => {
        this.running.delete(job.id);
        this.kick();
      });
    this.running.set(job.id, entry);
  }

  private async run(job: JobRow, live: { abort: AbortController; cancelled: boolean }): Promise<void> {
    const { db, clock } = this.deps;
    const src = await findNode(db, job.sourceNodeId!);
    const dst = await findNode(db, job.targetNodeId!);
    const before = await fetchNodeProbe(this.deps, src);
    // The source's generation picks the command: vzmigrate (legacy) or prlctl migrate (OpenVZ 7).
    const tool = migrationToolFor(probeGeneration(before.probe));
    const command = tool.command({ targetHost: dst.host, targetPort: dst.port, ctId: job.ctId, online: job.online });
    const wasRunning = before.probe?.cts.get(job.ctId) === 'running';
    await insertEvents(db, job.id, clock(), [{ kind: 'status', text: 'running' }, { kind: 'line', text: `$ ${command}` }]);

    const limits = { ...DEFAULT_OUTPUT_LIMITS, ...this.deps.outputLimits };
    // Everything the node prints is bounded: the stored log (head + tail), each line, the live events.
    const transcript = new BoundedText(limits.logHeadChars, limits.logTailChars);
    let attempt = transcript;
    const budget = new LiveLineBudget(limits);
    let writes = Promise.resolve();
    const record = (lines: string[]) => {
      const kept = budget.take(lines);
      if (kept.length === 0) return;
      const events = kept.map((text) => ({ kind: tool.isPhaseLine(text) ? ('phase' as const) : ('line' as const), text }));
      const phase = events.filter((e) => e.kind === 'phase').at(-1)?.text;
      writes = writes.then(async () => {
        await insertEvents(db, job.id, clock(), events);
        if (phase) await updateJob(db, job.id, { phase });
      });
    };
    const note = (text: string) => {
      transcript.append(`${text}\n`);
      if (attempt !== transcript) attempt.append(`${text}\n`);
      record([text]);
    };
    const target = await resolveSshTarget(src, this.deps);
    let code: number | null = null;
    for (let n = 1; ; n++) {
      attempt = new BoundedText(limits.logHeadChars, limits.logTailChars);
      const lines = new LineSplitter(limits.lineChars);
      try {
        const r = await this.deps.ssh.execStream(nodePoolKey(src.id), target, command, {
          signal: live.abort.signal,
          maxBytes: limits.streamBytes,
          // Not closed: vzmigrate may be halfway through a live migration; only its output is dropped.
          onLimit: (max) => note(`[vzfleet] more than ${max} bytes of output: the rest is dropped`),
          onData: (_fd, text) => {
            transcript.append(text);
            attempt.append(text);
            record(lines.push(text));
          },
        });
        code = r.code;
      } catch (err) {
        note(`[vzfleet] ${err instanceof Error ? err.message : String(err)}`);
      }
      record(lines.flush());
      // vzmigrate --check-only holds the CT's lock while it runs: a pre-check still finishing when
      // Start is pressed must not fail the move. A lock that outlasts the retries is a real one.
      if (code === null || code !== tool.lockedExit || live.cancelled || n >= LOCKED_RETRIES) break;
      note(`[vzfleet] CT ${job.ctId} is locked by another vzmigrate (a pre-check?); trying again in ${LOCKED_RETRY_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, LOCKED_RETRY_MS));
    }
    await writes;
    await this.conclude(job, { code, cancelled: live.cancelled, transcript: transcript.toString(), lastAttempt: attempt.toString(), wasRunning, src, dst, tool });
  }

  private async conclude(
    job: JobRow,
    r: { code: number | null; cancelled: boolean; transcript: string; lastAttempt: string; wasRunning: boolean; src: NodeRow; dst: NodeRow; tool: MigrationTool },
  ): Promise<void> {
    // The outcome is the last attempt's; the stored log keeps every attempt.
    const log = readLog(r.lastAttempt, r.tool);
    const [sp, dp] = await Promise.all([fetchNodeProbe(this.deps, r.src), fetchNodeProbe(this.deps, r.dst)]);
    const outcome = decideOutcome({
      ctId: job.ctId, sourceName: r.src.name, targetName: r.dst.name, online: job.online, code: r.code, cancelled: r.cancelled,
      log, source: sp.probe, target: dp.probe, wasRunning: r.wasRunning, tool: r.tool,
    });
    if (outcome.status === 'reconciling') {
      await updateJob(this.deps.db, job.id, { status: 'reconciling', exitCode: r.code, log: r.transcript });
      await insertEvents(this.deps.db, job.id, this.deps.clock(), [{ kind: 'status', text: 'reconciling', data: { verified: outcome.verified } }]);
      return;
    }
    await this.finish(job, outcome, r.code, r.transcript);
  }

  /** A job left running by an earlier process, or undecided: look where the CT is now. */
  private async reconcile(job: JobRow): Promise<void> {
    if (job.sourceNodeId === null || job.targetNodeId === null) {
      await this.finish(job, { status: 'failed', error: 'a node of this job was removed from the inventory', warnings: [], freezeSeconds: null, verified: 'not verified' }, job.exitCode, job.log);
      return;
    }
    const [src, dst] = [await findNode(this.deps.db, job.sourceNodeId), await findNode(this.deps.db, job.targetNodeId)];
    // vzmigrate's own lock tells whether an orphaned run is still going (exit 20: locked). Asked
    // before vzlist: a run that is not going now cannot move the CT between the two reads.
    // OpenVZ 7's prlctl migrate has no --check-only to ask: vzlist alone decides there.
    const tool = migrationToolFor(probeGeneration((await fetchNodeProbe(this.deps, src)).probe));
    const lock = tool.lockedExit === null ? null : await runCheckOnly(this.deps, src, dst, job.ctId, false).catch(() => null);
    const [sp, dp] = await Promise.all([fetchNodeProbe(this.deps, src), fetchNodeProbe(this.deps, dst)]);
    const log = readLog(job.log, tool);
    const outcome = decideOutcome({
      ctId: job.ctId, sourceName: src.name, targetName: dst.name, online: job.online, code: job.status === 'reconciling' ? job.exitCode : null,
      cancelled: false, log, source: sp.probe, target: dp.probe, wasRunning: job.online, lockedOnSource: lock !== null && lock.code === tool.lockedExit, tool,
    });
    if (outcome.status !== 'reconciling') return this.finish(job, outcome, job.exitCode, job.log);
    const since = job.startedAt ?? job.createdAt;
    if (this.deps.clock().getTime() - since.getTime() > RECONCILE_GIVE_UP_MS) {
      return this.finish(job, { ...outcome, status: 'failed', error: `could not be reconciled: ${outcome.verified}` }, job.exitCode, job.log);
    }
    if (job.status !== 'reconciling') {
      await updateJob(this.deps.db, job.id, { status: 'reconciling' });
      await insertEvents(this.deps.db, job.id, this.deps.clock(), [{ kind: 'status', text: 'reconciling', data: { verified: outcome.verified } }]);
    }
  }

  private async finish(job: JobRow, o: Outcome, code: number | null, transcript: string): Promise<void> {
    const { db, clock } = this.deps;
    const at = clock();
    await updateJob(db, job.id, {
      status: o.status as MigrationStatus, finishedAt: at, exitCode: code, error: o.error, warnings: o.warnings, freezeSeconds: o.freezeSeconds,
      ...(transcript ? { log: transcript } : {}),
    });
    await insertEvents(db, job.id, at, [
      ...o.warnings.map((w) => ({ kind: 'line' as const, text: `Warning: ${w}` })),
      { kind: 'status', text: o.status, data: { error: o.error, freezeSeconds: o.freezeSeconds, verified: o.verified } },
    ]);
    if ((o.status === 'succeeded' || o.status === 'succeeded-with-warnings') && job.sourceNodeId !== null && job.targetNodeId !== null) {
      await moveContainerRecord(this.deps, job.ctId, job.sourceNodeId, job.targetNodeId, at);
    }
    if (job.planId) {
      const c = await countPlanJobs(db, job.planId);
      const plan = await findPlan(db, job.planId);
      if (plan && c.queued + c.running === 0 && (plan.status === 'running' || plan.status === 'paused')) await updatePlan(db, job.planId, { status: 'done' });
    }
  }
}

function readLog(transcript: string, tool: MigrationTool): VzmigrateLog | null {
  if (!transcript.trim()) return null;
  try {
    return tool.parseLog(transcript);
  } catch {
    // A transcript cut mid-line may not parse; the outcome then rests on vzlist alone.
    return null;
  }
}

/**
 * The inventory shows the CT on the target at once: its row moves (same CT, same ct_id, so its
 * failcnt events and history keys continue), and both nodes are polled now.
 */
async function moveContainerRecord(deps: MigrationDeps, ctId: string, fromId: number, toId: number, at: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(containers).where(and(eq(containers.nodeId, fromId), eq(containers.ctId, ctId)));
    await tx.update(containers).set({ present: false }).where(and(eq(containers.nodeId, fromId), eq(containers.ctId, ctId)));
    // The owner's free text moves with the CT, raw bytes and "unreadable" mark included.
    const text = { name: row?.name ?? null, description: row?.description ?? null, fieldsRaw: row?.fieldsRaw ?? null, fieldsUnreadable: row?.fieldsUnreadable ?? null };
    const values = { nodeId: toId, ctId, hostname: row?.hostname ?? null, ...text, ips: row?.ips ?? [], status: row?.status ?? 'running', osTemplate: row?.osTemplate ?? null, cpuunits: row?.cpuunits ?? null, cpulimit: row?.cpulimit ?? null, lastSeenAt: at, present: true };
    await tx.insert(containers).values(values).onConflictDoUpdate({ target: [containers.nodeId, containers.ctId], set: { ...values } });
  });
  // The next polls must be full ones: a fast poll builds on the cached container list.
  deps.latest?.delete(fromId);
  deps.latest?.delete(toId);
  deps.refreshNodes?.([fromId, toId]);
}
