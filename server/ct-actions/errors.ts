import { hasBrand } from '../errors/brand';

const CONFLICT_BRAND = Symbol.for('vzfleet.CtActionConflictError');

/**
 * The action cannot be asked for now: another action or a migration of the CT is active, the CT
 * is in no state for it (start a running CT), or the node cannot do it (suspend without checkpointing).
 */
export class CtActionConflictError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CONFLICT_BRAND);
  }
  readonly [CONFLICT_BRAND] = true;
  constructor(message: string) {
    super(message);
    this.name = 'CtActionConflictError';
  }
}
