/**
 * Who may do what. admin: users, inventory, SSH credentials, settings. operator: migrations,
 * maintenance, acknowledging alarms. support: read-only and lookup. wall: the kiosk view only.
 */
export const ROLES = ['admin', 'operator', 'support', 'wall'] as const;
export type Role = (typeof ROLES)[number];

/** The person (or kiosk token) behind a request, as procedures see it. */
export interface Viewer {
  kind: 'user' | 'kiosk';
  id: string;
  role: Role;
  label: string;
  /** Set when TOTP is required for this role and the person has not enrolled yet: only enrolment is allowed. */
  mustEnrolTotp?: boolean;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
