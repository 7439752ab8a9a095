import { listAnonymousFailures } from '../../audit/anonymous';
import { auditFilterSchema, listAudit } from '../../audit/query';
import { createTRPCRouter, procedureFor } from '../init';

/** Admin only: read the trail. There is no procedure that changes or removes a line. */
export const auditRouter = createTRPCRouter({
  list: procedureFor('admin')
    .input(auditFilterSchema)
    .query(({ ctx, input }) => listAudit(ctx.services.db, input)),

  /** Failures of callers without a session in the last day, counted per window, address and action. */
  anonymous: procedureFor('admin').query(({ ctx }) => listAnonymousFailures(ctx.services.db, ctx.services.clock())),
});
