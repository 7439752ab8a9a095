import { recordAudit } from '../../audit/record';
import { findSecuritySettings, securitySettingsSchema, upsertSecuritySettings } from '../../auth/settings';
import { createTRPCRouter, procedureFor } from '../init';

/** Admin only: fleet-wide security settings. */
export const securityRouter = createTRPCRouter({
  settings: procedureFor('admin').query(({ ctx }) => findSecuritySettings(ctx.services.db)),

  update: procedureFor('admin')
    .input(securitySettingsSchema)
    .mutation(async ({ ctx, input }) => {
      const saved = await upsertSecuritySettings(ctx.services.db, input);
      await recordAudit(ctx, { action: 'security.update', result: 'ok', detail: { ...saved } });
      return saved;
    }),
});
