import { describe, expect, it } from 'vitest';
import { describeNoise } from './noise';

describe('describeNoise', () => {
  it('is null when the node printed nothing besides its sections', () => {
    expect(describeNoise([], '')).toBeNull();
    expect(describeNoise([''], '\n\n')).toBeNull();
  });

  it('joins the lines outside the sections and stderr, each distinct line once', () => {
    const warn = 'bash: warning: setlocale: LC_ALL: cannot change locale (de_DE.UTF-8)';
    expect(describeNoise(['Welcome', 'Welcome'], `${warn}\n${warn}\n`)).toBe(`Welcome\n${warn}`);
  });

  it('stays bounded and free of control bytes however much stderr holds', () => {
    const stderr = Array.from({ length: 10_000 }, (_, i) => `\u0000line ${i} ${'z'.repeat(5000)}`).join('\n');
    const text = describeNoise([], stderr)!;
    expect(text.length).toBeLessThanOrEqual(8192);
    expect(text.includes('\u0000')).toBe(false);
  });
});
