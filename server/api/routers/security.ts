import { recordAudit } from '../../audit/record';
import { findSecuritySettings, securitySettingsSchema, upsertSecuritySettings } from '../../auth/settings';
import { z } from 'zod';
import { findMetricsAccess, generateMetricsToken, scrapeConfigSnippet, setMetricsOpen } from '../../metrics/access';
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

  /** Who may scrape /api/metrics, and the Prometheus snippet; never the token itself. */
  metricsAccess: procedureFor('admin').query(async ({ ctx }) => {
    const access = await findMetricsAccess(ctx.services.db);
    return {
      open: access.open,
      hasGeneratedToken: access.tokenHash !== null,
      hasEnvToken: Boolean(ctx.services.metricsToken),
      scrapeConfig: scrapeConfigSnippet(ctx.services.publicUrl ?? 'http://vzfleet.example.net:3000'),
    };
  }),

  /** A new scrape token, shown once (replaces the previous generated one). */
  generateMetricsToken: procedureFor('admin').mutation(async ({ ctx }) => {
    const token = await generateMetricsToken(ctx.services.db);
    await recordAudit(ctx, { action: 'security.generateMetricsToken', result: 'ok' });
    return { token };
  }),

  /** Opening /api/metrics to anyone on the network is a choice an admin makes on purpose. */
  setMetricsOpen: procedureFor('admin')
    .input(z.object({ open: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const saved = await setMetricsOpen(ctx.services.db, input.open);
      await recordAudit(ctx, { action: 'security.setMetricsOpen', result: 'ok', detail: { open: saved.open } });
      return { open: saved.open };
    }),
});
