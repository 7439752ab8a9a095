import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { OpenvzParseError } from './errors';

/**
 * The captured outputs kept in the repository (samples/, sources in samples/SOURCES.md), so a clone
 * anywhere runs the same tests. Every test reads them through here; a missing file fails loudly.
 */
export const SAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'samples');

export function readSample(name: string): string {
  return fs.readFileSync(path.join(SAMPLES_DIR, name), 'utf8');
}

/** Runs `fn`, which must throw an OpenvzParseError, and returns it for checks on line and reason. */
export function parseError(fn: () => unknown): OpenvzParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OpenvzParseError);
    return e as OpenvzParseError;
  }
  throw new Error('expected an OpenvzParseError');
}
