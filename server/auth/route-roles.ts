import type { Role } from './roles';

/**
 * The route handlers outside tRPC and who may call them; the authorisation matrix test checks that
 * every route.ts under app/ is listed here, and the e2e specs check the answers.
 * - 'public': reachable without a session (the login flow itself, with its own checks).
 * - 'bearer': machine access with VZFLEET_METRICS_TOKEN when set (no cookies, no mutations).
 */
export const ROUTE_ROLES: Record<string, readonly Role[] | 'public' | 'bearer'> = {
  'app/api/trpc/[trpc]/route.ts': 'public', // each procedure declares its own roles
  'app/api/auth/[...all]/route.ts': 'public', // Better Auth: sign-in, sign-out, two-factor
  'app/api/setup/route.ts': 'public', // first admin; refuses once any user exists
  'app/kiosk/[token]/route.ts': 'public', // a one-time wall link; grants role wall only
  'app/api/audit/export/route.ts': ['admin'],
  'app/api/metrics/route.ts': 'bearer',
};
