import { hasBrand } from './brand';

const FIELD_ERROR_BRAND = Symbol.for('vzfleet.FieldError');

/** A user-supplied value that is well-formed but not acceptable; shown next to its form field. */
export class FieldError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, FIELD_ERROR_BRAND);
  }

  readonly [FIELD_ERROR_BRAND] = true;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

const NOT_FOUND_BRAND = Symbol.for('vzfleet.NotFoundError');

export class NotFoundError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, NOT_FOUND_BRAND);
  }

  readonly [NOT_FOUND_BRAND] = true;
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}
