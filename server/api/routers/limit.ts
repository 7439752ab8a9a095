import { z } from 'zod';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import { resolveSshTarget } from '../../collector/collect-node';
import { findNode } from '../../inventory/nodes';
import { applyLimitChange, readLimitSuggestions, readLimitWhatIf, type LimitApplyDeps } from '../../limits/service';
import { listLimitChanges } from '../../limit-changes/store';
import { limitChangeSchema } from '../../ssh/limit-commands';
import type { Services } from '../../services';
import { auditAs } from '../audit-declaration';
import { createTRPCRouter, procedureFor } from '../init';

const nodeId = z.number().int().positive();
const ctInput = z.object({ nodeId, ctId: ctIdSchema });
const changeInput = ctInput.extend({ change: limitChangeSchema });

function applyDeps(s: Services): LimitApplyDeps {
  return {
    db: s.db,
    clock: s.clock,
    historyTiers: s.historyTiers,
    ssh: s.ssh,
    commandTimeoutMs: s.commandTimeoutMs,
    target: async (id) => resolveSshTarget(await findNode(s.db, id), { secret: s.secret, agentSocket: s.agentSocket, keyDir: s.keyDir }),
    refreshNode: (id) => void s.collector?.collectNow(id).catch(() => {}),
  };
}

export const limitRouter = createTRPCRouter({
  /** The CT's headroom and the node's commitment if `change` were applied; with the rules' findings. */
  whatIf: procedureFor('admin', 'operator', 'support')
    .input(changeInput)
    .query(({ ctx, input }) => readLimitWhatIf(ctx.services, input)),

  /** From verdict to fix: the limits the CT keeps hitting, by how much to raise them, and the node's cost. */
  suggest: procedureFor('admin', 'operator', 'support')
    .input(ctInput)
    .query(({ ctx, input }) => readLimitSuggestions(ctx.services, input)),

  /** Limit changes of the CT (vzfleet's and those seen on the node), newest first: the charts' markers. */
  changes: procedureFor('admin', 'operator', 'support')
    .input(ctInput.extend({ days: z.number().int().min(1).max(365).default(30) }))
    .query(({ ctx, input }) => listLimitChanges(ctx.services.db, input.nodeId, input.ctId, new Date(ctx.services.clock().getTime() - input.days * 86_400_000))),

  /** `vzctl set … --save` (or prlctl set) from the fixed template; the next poll confirms it. */
  set: procedureFor('admin', 'operator')
    .input(changeInput)
    .meta({
      audit: auditAs(changeInput, (i) => ({
        action: 'limit.set',
        target: `ct/${i.ctId}`,
        detail: { nodeId: i.nodeId, change: i.change },
        resultIds: ['changeId'],
      })),
    })
    .mutation(({ ctx, input }) => applyLimitChange(applyDeps(ctx.services), input, ctx.viewer.label)),
});
