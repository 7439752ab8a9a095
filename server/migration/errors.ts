import { hasBrand } from '../errors/brand';
import type { Precheck } from './prechecks';

const PRECHECK_BRAND = Symbol.for('vzfleet.PrecheckFailedError');
const CONFLICT_BRAND = Symbol.for('vzfleet.MigrationConflictError');

/** A migration was asked to start with failed pre-checks and no (allowed) override. */
export class PrecheckFailedError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, PRECHECK_BRAND);
  }
  readonly [PRECHECK_BRAND] = true;
  constructor(
    readonly failed: Precheck[],
    reason = `pre-checks failed: ${failed.map((c) => `${c.label}: ${c.reason}`).join('; ')}`,
  ) {
    super(reason);
    this.name = 'PrecheckFailedError';
  }
}

/** Another migration of the CT is active, or the job is not in a state for this. */
export class MigrationConflictError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CONFLICT_BRAND);
  }
  readonly [CONFLICT_BRAND] = true;
  constructor(message: string) {
    super(message);
    this.name = 'MigrationConflictError';
  }
}
