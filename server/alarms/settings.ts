import { z } from 'zod';
import { ALARM_SEVERITIES } from '../../db/schema-alarm';

/**
 * The alarm rules' settings: every rule on/off, its severity and its thresholds. Defaults fit
 * hosting (server/alarms/README.md says why each); overrides are stored per scope — the fleet,
 * a tag, a node — and the most specific wins, field by field.
 */
const severity = z.enum(ALARM_SEVERITIES);
const count = z.number().int().min(1).max(1000);
const ratio = z.number().positive().max(100);

export const ruleSettingsSchemas = {
  nodeUnreachable: z.object({ enabled: z.boolean(), severity, failedPolls: count }),
  nodeAuthFailed: z.object({ enabled: z.boolean(), severity, failedPolls: count }),
  nodeHostKeyChanged: z.object({ enabled: z.boolean(), severity, failedPolls: count }),
  dataStale: z.object({ enabled: z.boolean(), severity, intervals: count }),
  failcntRising: z.object({ enabled: z.boolean(), severity, swapSeverity: severity, quietMinutes: count }),
  heldNearBarrier: z.object({ enabled: z.boolean(), severity, ratio: z.number().gt(0).max(1), resolveRatio: z.number().gt(0).max(1), minutes: z.number().int().min(0).max(10_000) }),
  memoryCommitment: z.object({ enabled: z.boolean(), severity, ratio }),
  cpuGuarantee: z.object({ enabled: z.boolean(), severity, ratio }),
  diskQuota: z.object({ enabled: z.boolean(), severity, hardSeverity: severity }),
  migrationFailed: z.object({ enabled: z.boolean(), severity, keepOpenHours: count }),
};

export const alarmSettingsSchema = z.object(ruleSettingsSchemas).strict();
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>;
export type RuleName = keyof AlarmSettings;

/** What one scope may change: any field of any rule, nothing else. */
export const alarmOverridesSchema = z
  .object(Object.fromEntries(Object.entries(ruleSettingsSchemas).map(([k, s]) => [k, s.partial().strict().optional()])) as {
    [K in RuleName]: z.ZodOptional<ReturnType<(typeof ruleSettingsSchemas)[K]['partial']>>;
  })
  .strict();
export type AlarmOverrides = z.infer<typeof alarmOverridesSchema>;

export const DEFAULT_ALARM_SETTINGS: AlarmSettings = {
  nodeUnreachable: { enabled: true, severity: 'critical', failedPolls: 3 },
  nodeAuthFailed: { enabled: true, severity: 'critical', failedPolls: 3 },
  nodeHostKeyChanged: { enabled: true, severity: 'critical', failedPolls: 3 },
  dataStale: { enabled: true, severity: 'warning', intervals: 3 },
  failcntRising: { enabled: true, severity: 'warning', swapSeverity: 'info', quietMinutes: 30 },
  heldNearBarrier: { enabled: true, severity: 'warning', ratio: 0.95, resolveRatio: 0.9, minutes: 10 },
  memoryCommitment: { enabled: true, severity: 'warning', ratio: 2.0 },
  cpuGuarantee: { enabled: true, severity: 'warning', ratio: 1.0 },
  diskQuota: { enabled: true, severity: 'warning', hardSeverity: 'critical' },
  migrationFailed: { enabled: true, severity: 'warning', keepOpenHours: 24 },
};

/** Scope keys as stored in alarm_settings.scope. */
export const FLEET_SCOPE = 'fleet';
export const tagScope = (tag: string) => `tag:${tag}`;
export const nodeScope = (nodeId: number) => `node:${nodeId}`;
export const alarmScopeSchema = z.union([z.literal(FLEET_SCOPE), z.string().regex(/^tag:[^\s]{1,64}$/), z.string().regex(/^node:[1-9]\d{0,9}$/)]);

/**
 * The settings in force for one node: defaults, then the fleet's overrides, then each of the
 * node's tags in name order (so the result does not depend on tag order), then the node's own.
 * Stored overrides that no longer validate (an older shape) are ignored, not fatal.
 */
export function resolveAlarmSettings(stored: ReadonlyMap<string, unknown>, node: { id: number; tags: readonly string[] }): AlarmSettings {
  const layers = [FLEET_SCOPE, ...[...node.tags].sort().map(tagScope), nodeScope(node.id)];
  const out = structuredClone(DEFAULT_ALARM_SETTINGS) as Record<RuleName, Record<string, unknown>>;
  for (const scope of layers) {
    const parsed = alarmOverridesSchema.safeParse(stored.get(scope));
    if (!parsed.success) continue;
    for (const [rule, fields] of Object.entries(parsed.data)) {
      if (fields) Object.assign(out[rule as RuleName], fields);
    }
  }
  return out as AlarmSettings;
}
