/**
 * Next bundles instrumentation.ts (which boots the services: db, SSH pool, collector) apart from
 * the route handlers, so each module exists twice in the server process and `instanceof` against
 * the prototype fails for errors thrown by the other copy. Domain errors therefore carry a
 * Symbol.for brand, and their `instanceof` checks the brand.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
