import { runCommandLine } from '../../../sim/shell';
import type { SimNodeModel } from '../../../sim/model';
import { VZLIST_FIELDS, VZSTATUS_FIELDS } from '../commands';
import type { FakeToolOutputs } from './openssh-node';

/**
 * What an OpenVZ node described by the simulator's model prints for the collector's commands:
 * one consistent set (the same CTs in vzlist and beancounters), so a test knows every figure.
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
    vzlist: {
      [VZSTATUS_FIELDS.join(',')]: sh(`vzlist -a -H -o ${VZSTATUS_FIELDS.join(',')}`),
      [VZLIST_FIELDS.join(',')]: sh(`vzlist -a -H -o ${VZLIST_FIELDS.join(',')}`),
    },
  };
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
