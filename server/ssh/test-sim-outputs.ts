import { runCommandLine } from '../../sim/shell/shell';
import type { SimNodeModel } from '../../sim/world/model';
import { encodeSimText } from '../../sim/render/raw-bytes';
import { buildVzlistJsonProbe, collectScriptTemplate } from './commands';
import type { FakeCommandOutput, FakeToolOutputs } from './test-openssh-node';

/**
 * Every vzlist command line the collector sends, in either form: taken from the collect scripts
 * themselves, so the fake node answers whatever the collector asks today.
 */
export function collectorVzlistArgs(): string[] {
  const scripts = [buildVzlistJsonProbe(), ...(['json', 'table'] as const).flatMap((vzlistForm) => [true, false].map((full) => collectScriptTemplate({ full, vzlistForm }, 'MARK')))];
  const args = scripts.flatMap((s) => s.split('; ')).filter((c) => c.startsWith('vzlist ')).map((c) => c.slice('vzlist '.length));
  return [...new Set(args)];
}

/**
 * What an OpenVZ node described by the simulator's model prints for the collector's commands:
 * one consistent set (the same CTs in vzlist and beancounters), so a test knows every figure.
 * vzlist answers as the model's vzctl does: a vzctl 4 node (the default) knows -j; a model with
 * `vzlistJson: false` is vzctl 3.0.x, which exits 1 with its usage text for -j, so the collector
 * falls back to the table form. CT fields holding raw bytes are printed as those bytes.
 */
export function renderFakeToolOutputs(model: SimNodeModel, epochMs = Date.UTC(2026, 11, 4)): FakeToolOutputs {
  const sh = (line: string) => {
    const r = runCommandLine(line, { model, fault: null, epochMs });
    if (r.code !== 0) throw new Error(`the simulator could not render ${line}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    beancounters: sh('cat /proc/user_beancounters'),
    meminfo: sh('cat /proc/meminfo'),
    vzcpucheck: sh('vzcpucheck -v'),
    vzlist: Object.fromEntries(collectorVzlistArgs().map((args) => [args, vzlistAnswer(model, args, epochMs)])),
  };
}

function vzlistAnswer(model: SimNodeModel, args: string, epochMs: number): FakeCommandOutput {
  const r = runCommandLine(`vzlist ${args}`, { model, fault: null, epochMs });
  return { stdout: encodeSimText(r.stdout), stderr: r.stderr, code: r.code };
}

/** The stdout of one rendered vzlist command, as text (raw bytes decoded loosely). */
export function vzlistText(outputs: FakeToolOutputs, args: string): string {
  const o = outputs.vzlist[args];
  if (o === undefined) throw new Error(`no vzlist ${args} rendered`);
  return typeof o === 'string' ? o : Buffer.from(o.stdout).toString('utf8');
}

/** A figure straight from /proc/user_beancounters text (the test's own reading, not vzfleet's parser). */
export function beancounterFigure(text: string, ctId: string, resource: string, column: 'held' | 'barrier' | 'limit' | 'failcnt'): number {
  let inCt = false;
  for (const line of text.split('\n')) {
    const head = /^\s*(\d+):\s+(.*)$/.exec(line);
    const body = head ? head[2]! : line.trim();
    if (head) inCt = head[1] === ctId;
    if (!inCt) continue;
    const cols = body.split(/\s+/);
    if (cols[0] === resource) return Number(cols[{ held: 1, barrier: 3, limit: 4, failcnt: 5 }[column]]);
  }
  throw new Error(`no ${resource} for CT ${ctId}`);
}
