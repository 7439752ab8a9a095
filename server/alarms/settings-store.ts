import type { Db } from '../../db/client';
import { alarmSettings } from '../../db/schema';
import { alarmOverridesSchema, alarmScopeSchema, type AlarmOverrides } from './settings';

/** Stores one scope's overrides, replacing what it had; validated here, so only known rules and fields land. */
export async function saveAlarmOverrides(db: Db, scope: string, overrides: AlarmOverrides, by: string, now: Date): Promise<void> {
  const s = alarmScopeSchema.parse(scope);
  const o = alarmOverridesSchema.parse(overrides) as Record<string, unknown>;
  await db
    .insert(alarmSettings)
    .values({ scope: s, overrides: o, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: alarmSettings.scope, set: { overrides: o, updatedAt: now, updatedBy: by } });
}

export async function listAlarmOverrides(db: Db) {
  return db.select().from(alarmSettings).orderBy(alarmSettings.scope);
}
