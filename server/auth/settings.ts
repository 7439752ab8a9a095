import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { appSettings } from '../../db/schema-auth';

/** Settings an admin changes at run time. */
export const securitySettingsSchema = z.object({
  /** Admins and operators must have TOTP enabled before they can do anything else. */
  requireTotp: z.boolean(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

const DEFAULTS: SecuritySettings = { requireTotp: false };

export async function findSecuritySettings(db: Db): Promise<SecuritySettings> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, 'security'));
  const parsed = securitySettingsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULTS;
}

export async function upsertSecuritySettings(db: Db, value: SecuritySettings): Promise<SecuritySettings> {
  const v = securitySettingsSchema.parse(value);
  await db
    .insert(appSettings)
    .values({ key: 'security', value: v })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: v, updatedAt: new Date() } });
  return v;
}
