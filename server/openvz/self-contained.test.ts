import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The facts the tests rely on (captured samples, format and formula notes) live in the repository,
// so a clone anywhere passes. The workplace once kept them in a sibling folder; any code, test or
// config file pointing there again would pass here and fail in every other checkout. Markdown may
// still mention where a sample was first collected. The needles are assembled so this file does
// not match itself.
const NEEDLES = [['..', 'shared'].join('/'), ['shared', 'openvz'].join('/')];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function repositoryFiles(): string[] {
  // Tracked files plus new ones not yet committed (but not ignored), so the check bites before a commit.
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split('\0').filter(Boolean))];
}

describe('the repository carries its own facts', () => {
  const files = repositoryFiles();

  it('lists the repository files (git ls-files answered)', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('server/openvz/samples/SOURCES.md');
  });

  it('no code, test or config file refers to the workplace folder outside the repository', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file.endsWith('.md')) continue;
      const full = path.join(root, file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) continue; // deleted in the work tree
      const text = fs.readFileSync(full, 'latin1');
      text.split('\n').forEach((line, i) => {
        if (NEEDLES.some((n) => line.includes(n))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('every "FORMATS §n" / "FORMULAS §n" a code comment cites is a section of docs/openvz', () => {
    const sections = (doc: string) =>
      new Set([...fs.readFileSync(path.join(root, 'docs/openvz', doc), 'utf8').matchAll(/^##+ (\d+(?:\.\d+)?)\. /gm)].map((m) => m[1]!));
    const known = { FORMATS: sections('FORMATS.md'), FORMULAS: sections('FORMULAS.md') };
    const missing: string[] = [];
    for (const file of files) {
      if (!/\.(ts|tsx|mjs)$/.test(file)) continue;
      const full = path.join(root, file);
      if (!fs.existsSync(full)) continue;
      for (const m of fs.readFileSync(full, 'utf8').matchAll(/\b(FORMATS|FORMULAS)(?:\.md)? §(\d+)/g)) {
        if (!known[m[1] as keyof typeof known].has(m[2]!)) missing.push(`${file}: ${m[0]}`);
      }
    }
    expect(known.FORMATS.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
