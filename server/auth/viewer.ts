import type { Db } from '../../db/client';
import type { Auth } from './auth';
import { findKioskByDevice, KIOSK_COOKIE } from './kiosk';
import { isRole, type Viewer } from './roles';
import { findSecuritySettings } from './settings';

/** One cookie's value from a Cookie header (no decoding: our values are base64url). */
export function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Who is behind a request: a person with a live database session, or a wall screen with a kiosk
 * cookie, or nobody. Sessions are read from the database on every call (no cookie cache), so a
 * revoked session or a changed role counts from the next request on. `enrolment: false` leaves
 * out the TOTP-enrolment flag (mustEnrolTotp) and the settings read behind it, for a live stream's
 * check of the session it started with, which compares the role alone.
 */
export async function resolveViewer(auth: Auth, db: Db, headers: Headers, opts: { enrolment?: boolean } = {}): Promise<Viewer | null> {
  const found = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (found) {
    const role = (found.user as { role?: unknown }).role;
    if (!isRole(role) || role === 'wall') return null;
    const viewer: Viewer = { kind: 'user', id: found.user.id, role, label: found.user.email };
    if (opts.enrolment !== false && (role === 'admin' || role === 'operator')) {
      const enrolled = (found.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled ?? false;
      if (!enrolled && (await findSecuritySettings(db)).requireTotp) viewer.mustEnrolTotp = true;
    }
    return viewer;
  }
  const device = readCookie(headers, KIOSK_COOKIE);
  if (device) {
    const kiosk = await findKioskByDevice(db, device);
    if (kiosk) return { kind: 'kiosk', id: String(kiosk.id), role: 'wall', label: `kiosk: ${kiosk.label}` };
  }
  return null;
}
