import type { Role, Viewer } from './roles';

export type RoleRefusal = { status: 401 | 403; message: string };

/**
 * The one role check of every procedure and route handler: a viewer, a role listed in `roles`,
 * and TOTP enrolled where it is required (unless the call is part of enrolling it). Null when the
 * viewer may proceed; otherwise the HTTP status and the words to answer with.
 */
export function refuseRole(viewer: Viewer | null | undefined, roles: readonly Role[], o: { totpEnrolment?: boolean } = {}): RoleRefusal | null {
  if (!viewer) return { status: 401, message: 'log in first' };
  if (!roles.includes(viewer.role)) return { status: 403, message: `not allowed for role ${viewer.role}` };
  if (viewer.mustEnrolTotp && !o.totpEnrolment) return { status: 403, message: 'set up two-factor authentication first (Account)' };
  return null;
}
