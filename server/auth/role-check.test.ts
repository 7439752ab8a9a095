import { describe, expect, it } from 'vitest';
import { refuseRole } from './role-check';
import type { Viewer } from './roles';

const viewer = (role: Viewer['role'], mustEnrolTotp = false): Viewer => ({ kind: 'user', id: 'u1', label: 'n', role, mustEnrolTotp });

describe('refuseRole', () => {
  it('asks a caller without a session to log in (401)', () => {
    expect(refuseRole(null, ['admin'])).toEqual({ status: 401, message: 'log in first' });
  });

  it('refuses a role not listed (403) and lets a listed one through', () => {
    expect(refuseRole(viewer('operator'), ['admin'])?.status).toBe(403);
    expect(refuseRole(viewer('admin'), ['admin'])).toBeNull();
  });

  it('refuses a viewer who must enrol TOTP, except for the enrolment calls', () => {
    expect(refuseRole(viewer('admin', true), ['admin'])?.status).toBe(403);
    expect(refuseRole(viewer('admin', true), ['admin'], { totpEnrolment: true })).toBeNull();
  });
});
