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
}
