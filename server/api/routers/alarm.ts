import { z } from 'zod';
import { deliveryFilterSchema, listDeliveries } from '../../alarms/deliveries';
import { channelInputSchema, createChannel, listChannels, removeChannel, updateChannel } from '../../alarms/delivery/channels';
import {
  acknowledgeIncident,
  acknowledgeInputSchema,
  countActiveIncidents,
  countUnacknowledgedIncidents,
  findIncident,
  incidentFilterSchema,
  listIncidents,
  silenceIncidents,
  silenceInputSchema,
  unsilenceIncident,
} from '../../alarms/incidents';
import { sendTestMessage } from '../../alarms/service';
import { findWallIncidents } from '../../alarms/wall-incidents';
import { alarmOverridesSchema, alarmScopeSchema, DEFAULT_ALARM_SETTINGS } from '../../alarms/settings';
import { listAlarmOverrides, saveAlarmOverrides } from '../../alarms/settings-store';
import { createTRPCRouter, procedureFor } from '../init';

const id = z.object({ id: z.number().int().positive() });

/**
 * Alarms: incidents for everyone who reads the fleet; acknowledging and silencing for those on
 * shift (operator, admin); channels, settings and the delivery log for admins. Secrets go into
 * channels and never come back (ChannelView says only whether one is set).
 */
export const alarmRouter = createTRPCRouter({
  list: procedureFor('admin', 'operator', 'support')
    .input(incidentFilterSchema)
    .query(({ ctx, input }) => listIncidents(ctx.services.db, input, ctx.services.clock())),
  byId: procedureFor('admin', 'operator', 'support')
    .input(id)
    .query(({ ctx, input }) => findIncident(ctx.services.db, input.id, ctx.services.clock())),
  count: procedureFor('admin', 'operator', 'support').query(({ ctx }) => countActiveIncidents(ctx.services.db)),
  /** The header's badge: open incidents nobody has acknowledged or silenced. */
  unacknowledged: procedureFor('admin', 'operator', 'support').query(({ ctx }) => countUnacknowledgedIncidents(ctx.services.db, ctx.services.clock())),
  /** The wall's few worst incidents, with only the fields the wall shows (the wall role reads nothing else of alarms). */
  wallWorst: procedureFor('admin', 'operator', 'support', 'wall').query(({ ctx }) => findWallIncidents(ctx.services.db, ctx.services.clock())),

  acknowledge: procedureFor('admin', 'operator')
    .input(acknowledgeInputSchema)
    .mutation(({ ctx, input }) => acknowledgeIncident(ctx.services.db, input, ctx.viewer.label, ctx.services.clock())),
  silence: procedureFor('admin', 'operator')
    .input(silenceInputSchema)
    .mutation(({ ctx, input }) => silenceIncidents(ctx.services.db, input, ctx.viewer.label, ctx.services.clock())),
  unsilence: procedureFor('admin', 'operator')
    .input(id)
    .mutation(({ ctx, input }) => unsilenceIncident(ctx.services.db, input.id, ctx.viewer.label, ctx.services.clock())),

  channels: procedureFor('admin').query(({ ctx }) => listChannels(ctx.services.db)),
  createChannel: procedureFor('admin')
    .input(channelInputSchema)
    .mutation(({ ctx, input }) => createChannel(ctx.services.db, ctx.services.secret, input, ctx.services.clock())),
  updateChannel: procedureFor('admin')
    .input(channelInputSchema.extend({ id: z.number().int().positive() }))
    .mutation(({ ctx, input: { id: channelId, ...rest } }) => updateChannel(ctx.services.db, ctx.services.secret, channelId, rest, ctx.services.clock())),
  removeChannel: procedureFor('admin')
    .input(id)
    .mutation(({ ctx, input }) => removeChannel(ctx.services.db, input.id)),
  testChannel: procedureFor('admin')
    .input(id)
    .mutation(({ ctx, input }) => sendTestMessage({ db: ctx.services.db, secret: ctx.services.secret, clock: ctx.services.clock, publicUrl: ctx.services.publicUrl }, input.id)),
  deliveries: procedureFor('admin')
    .input(deliveryFilterSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.services.db, input)),

  settings: procedureFor('admin').query(async ({ ctx }) => ({ defaults: DEFAULT_ALARM_SETTINGS, overrides: await listAlarmOverrides(ctx.services.db) })),
  updateSettings: procedureFor('admin')
    .input(z.object({ scope: alarmScopeSchema, overrides: alarmOverridesSchema }))
    .mutation(({ ctx, input }) => saveAlarmOverrides(ctx.services.db, input.scope, input.overrides, ctx.viewer.label, ctx.services.clock())),
});
