import { describe, expect, it } from 'vitest';
import { CollectCommandError } from '../collector/interpret';
import { FieldError, NotFoundError } from './general-errors';
import { OpenvzParseError } from '../openvz/errors';
import { SshError } from '../ssh/errors';

/** What an error thrown by the other bundle's copy of the module looks like: same brand, other class. */
const fromOtherCopy = (name: string) => Object.assign(new Error('x'), { [Symbol.for(`vzfleet.${name}`)]: true });

describe.each([
  ['SshError', SshError, () => new SshError('timeout', 'slow')],
  ['FieldError', FieldError, () => new FieldError('name', 'taken')],
  ['NotFoundError', NotFoundError, () => new NotFoundError('node 1')],
  ['OpenvzParseError', OpenvzParseError, () => new OpenvzParseError({ tool: 'vzlist', lineNumber: 1, line: 'x', reason: 'y' })],
  ['CollectCommandError', CollectCommandError, () => new CollectCommandError('vzlist', 1, '')],
] as const)('%s', (name, Cls, make) => {
  it('is recognised across two copies of its module (Next bundles instrumentation and routes apart)', () => {
    expect(fromOtherCopy(name) instanceof Cls).toBe(true);
    expect(make() instanceof Cls).toBe(true);
    expect(make() instanceof Error).toBe(true);
  });
  it('does not claim other errors', () => {
    expect(new Error('plain') instanceof Cls).toBe(false);
    expect(fromOtherCopy('Other') instanceof Cls).toBe(false);
    expect((null as unknown as object) instanceof Cls).toBe(false);
  });
});
