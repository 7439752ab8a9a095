import { createHmac } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins';
import type { Db } from '../../db/client';
import { authAccount, authRateLimit, authSession, authTwoFactor, authUser, authVerification } from '../../db/schema-auth';

export interface AuthOptions {
  db: Db;
  /** vzfleet's 32-byte secret; Better Auth's signing secret is derived from it. */
  secret: Buffer;
  /** The public URL (VZFLEET_PUBLIC_URL); https there makes every cookie Secure. */
  publicUrl?: string;
  /** Sign-in attempts per address per minute. */
  loginPerMinute?: number;
}

/** Sessions last 12 hours of inactivity-free use and are refreshed at most once an hour. */
const SESSION_S = 12 * 3600;

/**
 * Better Auth with its Drizzle adapter: email + password only (no self sign-up: admins create
 * accounts), database sessions looked up on every request (no cookie cache, so a revoked session
 * is dead at once), TOTP via the twoFactor plugin, rate limits kept in the database.
 */
export function createAuth(o: AuthOptions) {
  const secure = o.publicUrl?.startsWith('https://') ?? false;
  return betterAuth({
    appName: 'vzfleet',
    baseURL: o.publicUrl,
    basePath: '/api/auth',
    secret: createHmac('sha256', o.secret).update('vzfleet better-auth').digest('hex'),
    database: drizzleAdapter(o.db, {
      provider: 'pg',
      schema: {
        user: authUser,
        session: authSession,
        account: authAccount,
        verification: authVerification,
        twoFactor: authTwoFactor,
        rateLimit: authRateLimit,
      },
    }),
    // The request's own origin (from its Host) and the public URL: the edge (auth-gate.ts) has already
    // refused any request whose Origin is not this site; Better Auth checks again.
    trustedOrigins: (request?: Request) => [request ? ownOrigin(request) : null, o.publicUrl ? new URL(o.publicUrl).origin : null],
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: 'string', required: true, defaultValue: 'support', input: false } } },
    session: { expiresIn: SESSION_S, updateAge: 3600, cookieCache: { enabled: false } },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: o.loginPerMinute ?? 5 },
        '/two-factor/verify-totp': { window: 60, max: 5 },
        '/two-factor/verify-backup-code': { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: 'vzfleet',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: ['x-vzfleet-client-ip'] },
    },
    telemetry: { enabled: false },
    plugins: [twoFactor({ issuer: 'vzfleet' })],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** This site's origin as the browser sees it: the Host header (Next's request URL may say localhost). */
function ownOrigin(request: Request): string | null {
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  if (!host) return new URL(request.url).origin;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || new URL(request.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}

const KEY = Symbol.for('vzfleet.auth');
type Holder = { [KEY]?: WeakMap<object, Auth> };

/** One Better Auth instance per database handle (Next may load this module twice: keep it on globalThis). */
export function authFor(services: { db: Db; secret: Buffer; publicUrl?: string; loginPerMinute?: number }): Auth {
  const holder = globalThis as Holder;
  const map = (holder[KEY] ??= new WeakMap());
  let auth = map.get(services.db);
  if (!auth) {
    auth = createAuth({ db: services.db, secret: services.secret, publicUrl: services.publicUrl, loginPerMinute: services.loginPerMinute });
    map.set(services.db, auth);
  }
  return auth;
}
