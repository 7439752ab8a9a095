import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { appSettings } from '../../db/schema-auth';

/**
 * Who may scrape /api/metrics: a bearer token (VZFLEET_METRICS_TOKEN, or one an admin generated, of
 * which only the SHA-256 is stored), or anyone when an admin has opened it on purpose.
 */
const metricsAccessSchema = z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(), open: z.boolean() });
export type MetricsAccess = z.infer<typeof metricsAccessSchema>;
const DEFAULTS: MetricsAccess = { tokenHash: null, open: false };
const KEY = 'metrics';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export async function findMetricsAccess(db: Db): Promise<MetricsAccess> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY));
  const parsed = metricsAccessSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULTS;
}

async function saveMetricsAccess(db: Db, value: MetricsAccess): Promise<void> {
  await db.insert(appSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: new Date() } });
  forgetCachedAccess(db);
}

/** A new scrape token (replacing any earlier one): returned once, stored as its hash. */
export async function generateMetricsToken(db: Db): Promise<string> {
  const token = `vzm_${randomBytes(32).toString('base64url')}`;
  await saveMetricsAccess(db, { ...(await findMetricsAccess(db)), tokenHash: sha256(token).toString('hex') });
  return token;
}

export async function setMetricsOpen(db: Db, open: boolean): Promise<MetricsAccess> {
  const next = { ...(await findMetricsAccess(db)), open };
  await saveMetricsAccess(db, next);
  return next;
}

/** Constant-time: does `Authorization: Bearer <token>` carry the env token or the generated one? Open = yes. */
export function isAuthorizedScrape(authorization: string | null, access: MetricsAccess, envToken?: string): boolean {
  if (access.open) return true;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const given = sha256(m[1]!);
  const wanted = [envToken ? sha256(envToken) : null, access.tokenHash ? Buffer.from(access.tokenHash, 'hex') : null];
  let ok = false;
  for (const w of wanted) if (w && timingSafeEqual(given, w)) ok = true;
  return ok;
}

/** The access settings, read at most every few seconds (a flood of scrapes does not become a flood of queries). */
const CACHE_MS = 5_000;
const CKEY = Symbol.for('vzfleet.metrics-access');
type Holder = { [CKEY]?: WeakMap<object, { at: number; value: Promise<MetricsAccess> }> };

export function cachedMetricsAccess(db: Db, now: number): Promise<MetricsAccess> {
  const map = ((globalThis as Holder)[CKEY] ??= new WeakMap());
  const hit = map.get(db);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = findMetricsAccess(db);
  map.set(db, { at: now, value });
  value.catch(() => map.delete(db));
  return value;
}

function forgetCachedAccess(db: Db): void {
  (globalThis as Holder)[CKEY]?.delete(db);
}

/** What the admin page shows Prometheus users. */
export function scrapeConfigSnippet(publicUrl: string): string {
  const u = new URL(publicUrl);
  return [
    'scrape_configs:',
    '  - job_name: vzfleet',
    `    scheme: ${u.protocol.replace(':', '')}`,
    '    metrics_path: /api/metrics',
    '    authorization:',
    '      type: Bearer',
    '      credentials_file: /etc/prometheus/vzfleet.token   # the token, alone on one line',
    '    static_configs:',
    `      - targets: ['${u.host}']`,
  ].join('\n');
}
