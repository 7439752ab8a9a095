import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { FieldError, NotFoundError } from '../errors/general-errors';
import { CtActionConflictError } from '../ct-actions/errors';
import { MigrationConflictError, PrecheckFailedError } from '../migration/errors';
import { OpenvzParseError } from '../openvz/errors';
import { LimitRefusedByNodeError, LimitRejectedError } from '../limits/errors';
import { SshError } from '../ssh/errors';

/** What the browser may learn about a failure: the domain's own words, and which field is wrong. */
export interface DomainErrorData {
  kind: string;
  field?: string;
  line?: string;
  fieldErrors?: Record<string, string[]>;
}

interface DomainErrorRule {
  matches: (cause: unknown) => boolean;
  code: TRPC_ERROR_CODE_KEY;
  data: (cause: never) => DomainErrorData;
}

/** Typed per class, so `data` reads the class's own fields; the table below holds them side by side. */
function rule<E>(matches: (cause: unknown) => cause is E, code: TRPC_ERROR_CODE_KEY, data: (cause: E) => DomainErrorData): DomainErrorRule {
  return { matches, code, data: data as (cause: never) => DomainErrorData };
}

const is =
  <E>(cls: abstract new (...args: never[]) => E) =>
  (cause: unknown): cause is E =>
    cause instanceof cls;

function zodFieldErrors(cause: ZodError): DomainErrorData {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of cause.issues) {
    const key = issue.path.join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { kind: 'validation', fieldErrors };
}

/**
 * The one table of domain errors: the tRPC code a router's thrown error becomes, and what the
 * browser is told about it. A new domain error is one row here; routers just throw what happened.
 */
export const DOMAIN_ERRORS: readonly DomainErrorRule[] = [
  rule(is(FieldError), 'BAD_REQUEST', (e) => ({ kind: 'field', field: e.field })),
  rule(is(ZodError), 'BAD_REQUEST', zodFieldErrors),
  rule(is(SshError), 'BAD_GATEWAY', (e) => ({ kind: `ssh-${e.kind}` })),
  rule(is(OpenvzParseError), 'BAD_GATEWAY', (e) => ({ kind: 'parse', line: e.line })),
  rule(is(NotFoundError), 'NOT_FOUND', () => ({ kind: 'not-found' })),
  rule(is(PrecheckFailedError), 'PRECONDITION_FAILED', () => ({ kind: 'precheck-failed' })),
  rule(is(MigrationConflictError), 'CONFLICT', () => ({ kind: 'conflict' })),
  rule(is(CtActionConflictError), 'CONFLICT', () => ({ kind: 'conflict' })),
  rule(is(LimitRejectedError), 'PRECONDITION_FAILED', () => ({ kind: 'limit-rejected' })),
  rule(is(LimitRefusedByNodeError), 'BAD_GATEWAY', (e) => ({ kind: 'limit-refused', line: e.toolMessage })),
];

/** The row for a thrown value, or null when it is no domain error (it stays a 500 with no detail). */
export function domainErrorOf(cause: unknown): { code: TRPC_ERROR_CODE_KEY; data: DomainErrorData } | null {
  const found = DOMAIN_ERRORS.find((r) => r.matches(cause));
  return found ? { code: found.code, data: found.data(cause as never) } : null;
}
