import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldError, NotFoundError } from '../errors/general-errors';
import { MigrationConflictError, PrecheckFailedError } from '../migration/errors';
import { OpenvzParseError } from '../openvz/errors';
import { SshError } from '../ssh/errors';
import { domainErrorOf } from './domain-errors';

describe('the domain error table', () => {
  it('gives each domain error its tRPC code and what the browser may learn', () => {
    const zod = z.object({ name: z.string() }).safeParse({ name: 1 }).error;
    expect(domainErrorOf(new FieldError('host', 'bad host'))).toEqual({ code: 'BAD_REQUEST', data: { kind: 'field', field: 'host' } });
    expect(domainErrorOf(zod)).toEqual({ code: 'BAD_REQUEST', data: { kind: 'validation', fieldErrors: { name: [expect.any(String)] } } });
    expect(domainErrorOf(new SshError('auth', 'denied'))).toEqual({ code: 'BAD_GATEWAY', data: { kind: 'ssh-auth' } });
    expect(domainErrorOf(new OpenvzParseError({ tool: 'vzlist', lineNumber: 2, line: 'x y', reason: 'short' }))).toEqual({ code: 'BAD_GATEWAY', data: { kind: 'parse', line: 'x y' } });
    expect(domainErrorOf(new NotFoundError('node 3'))).toEqual({ code: 'NOT_FOUND', data: { kind: 'not-found' } });
    expect(domainErrorOf(new PrecheckFailedError([]))).toEqual({ code: 'PRECONDITION_FAILED', data: { kind: 'precheck-failed' } });
    expect(domainErrorOf(new MigrationConflictError('busy'))).toEqual({ code: 'CONFLICT', data: { kind: 'conflict' } });
  });

  it('leaves anything else alone: a plain error stays a 500 with no detail', () => {
    expect(domainErrorOf(new Error('boom'))).toBeNull();
    expect(domainErrorOf('a string')).toBeNull();
    expect(domainErrorOf(undefined)).toBeNull();
  });
});
