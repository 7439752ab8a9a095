import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getServices } from '@/server/runtime';
import { authFor } from '@/server/auth/auth';
import type { Role, Viewer } from '@/server/auth/roles';
import { countUsers } from '@/server/auth/users';
import { resolveViewer } from '@/server/auth/viewer';

/** Where each role starts. */
export function homeOf(role: Role): string {
  return role === 'wall' ? '/wall' : role === 'support' ? '/lookup' : '/';
}

/**
 * The viewer of the page being rendered, or null. Once per request: the layout's guard and a page
 * that reads data on the server (app/page-data.ts) share one session lookup.
 */
export const findPageViewer = cache(async (): Promise<Viewer | null> => {
  const services = await getServices();
  return resolveViewer(authFor(services), services.db, await headers());
});

/**
 * For layouts: a live session with one of `roles`, or a redirect (to the one-time setup while no
 * account exists, to the login page, to TOTP enrolment, or to the role's own start page).
 */
export async function requirePageViewer(roles: readonly Role[], o: { allowTotpEnrolment?: boolean } = {}): Promise<Viewer> {
  const viewer = await findPageViewer();
  if (!viewer) {
    const services = await getServices();
    redirect((await countUsers(services.db)) === 0 ? '/setup' : '/login');
  }
  if (viewer.mustEnrolTotp && !o.allowTotpEnrolment) redirect('/account');
  if (!roles.includes(viewer.role)) redirect(homeOf(viewer.role));
  return viewer;
}

export async function isSetupOpen(): Promise<boolean> {
  const services = await getServices();
  return (await countUsers(services.db)) === 0;
}
