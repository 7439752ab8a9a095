import { hasBrand } from '../errors/brand';
import type { LimitFinding } from '../openvz/limits/rules';

const REJECTED_BRAND = Symbol.for('vzfleet.LimitRejectedError');
const REFUSED_BRAND = Symbol.for('vzfleet.LimitRefusedByNodeError');

/** The change breaks a rule the tools enforce (server/openvz/limits/rules.ts): nothing was sent. */
export class LimitRejectedError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, REJECTED_BRAND);
  }
  readonly [REJECTED_BRAND] = true;
  constructor(readonly findings: LimitFinding[]) {
    super(`refused before sending: ${findings.map((f) => `${f.rule}: ${f.message}`).join('; ')}`);
    this.name = 'LimitRejectedError';
  }
}

/** The node's tool said no (exit code ≠ 0); its message, bounded, is what the operator reads. */
export class LimitRefusedByNodeError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, REFUSED_BRAND);
  }
  readonly [REFUSED_BRAND] = true;
  constructor(
    readonly exitCode: number | null,
    readonly toolMessage: string,
  ) {
    super(`the node refused the change (exit ${exitCode ?? 'signal'}): ${toolMessage}`);
    this.name = 'LimitRefusedByNodeError';
  }
}
