import { z } from 'zod';
import { recordAudit } from '../../audit/record';
import { createKioskToken, kioskLabelSchema, listKioskTokens, revokeKioskToken } from '../../auth/kiosk';
import { createTRPCRouter, procedureFor } from '../init';

/** Admin only: links for wall screens (role wall: the wall view and nothing else). */
export const kioskRouter = createTRPCRouter({
  list: procedureFor('admin').query(({ ctx }) => listKioskTokens(ctx.services.db)),

  /** The link is returned once, here; only its hash is stored. */
  create: procedureFor('admin')
    .input(z.object({ label: kioskLabelSchema }))
    .mutation(async ({ ctx, input }) => {
      const created = await createKioskToken(ctx.services.db, input.label, ctx.viewer.label);
      await recordAudit(ctx, { action: 'kiosk.create', target: `kiosk ${created.token.id} (${created.token.label})`, result: 'ok' });
      return created;
    }),

  revoke: procedureFor('admin')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const token = await revokeKioskToken(ctx.services.db, input.id, ctx.services.clock());
      await recordAudit(ctx, { action: 'kiosk.revoke', target: `kiosk ${token.id} (${token.label})`, result: 'ok' });
      return token;
    }),
});
