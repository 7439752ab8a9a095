import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/roles';
import { canOverride } from './service';

const as = (role: Viewer['role']): Viewer => ({ kind: 'user', id: role, role, label: `${role}@test` });

describe('overriding failed pre-checks', () => {
  it('is for admins only: not operators, not anyone unknown', () => {
    expect(canOverride(as('admin'))).toBe(true);
    expect(canOverride(as('operator'))).toBe(false);
    expect(canOverride(as('support'))).toBe(false);
    expect(canOverride(undefined)).toBe(false);
    expect(canOverride(null)).toBe(false);
  });
});
