import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The repository's import graph, read from the source with the TypeScript parser: every
 * import/export-from of every .ts/.tsx file, resolved to a repository file or a package name.
 * The architecture test (import-graph.test.ts) checks the layers and cycles on it.
 */

export type ImportKind = 'value' | 'type' | 'dynamic';

export interface ImportEdge {
  /** Repository-relative path with forward slashes. */
  from: string;
  /** A repository file (relative path) or a package specifier as written ('ssh2', 'node:fs'). */
  to: string;
  internal: boolean;
  kind: ImportKind;
}

const SKIP_DIRS = new Set(['node_modules', '.next', '.git', 'data', 'test-results', 'playwright-report', 'coverage']);
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

export function listSourceFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) out.push(...listSourceFiles(root, rel));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(rel);
    }
  }
  return out.sort();
}

/** Specifiers of one file: static imports and export-froms (type-only or not) and import() calls. */
export function importsOf(fileName: string, text: string): Array<{ specifier: string; kind: ImportKind }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Array<{ specifier: string; kind: ImportKind }> = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      found.push({ specifier: st.moduleSpecifier.text, kind: isTypeOnlyImport(st) ? 'type' : 'value' });
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const named = st.exportClause && ts.isNamedExports(st.exportClause) ? st.exportClause.elements : null;
      const typeOnly = st.isTypeOnly || (named !== null && named.length > 0 && named.every((e) => e.isTypeOnly));
      found.push({ specifier: st.moduleSpecifier.text, kind: typeOnly ? 'type' : 'value' });
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  if (text.includes('import(')) visit(source);
  return found;
}

/** `import type {…}`, or `import {type a, type b}` with nothing else: erased from the output. */
function isTypeOnlyImport(st: ts.ImportDeclaration): boolean {
  const clause = st.importClause;
  if (!clause) return false; // `import './x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function resolveInternal(root: string, from: string, specifier: string, files: ReadonlySet<string>): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  if (files.has(base)) return base;
  for (const ext of EXTENSIONS) if (files.has(base + ext)) return base + ext;
  // A relative specifier that names no source file (e.g. a .json or .css file) stays as written.
  return fs.existsSync(path.join(root, base)) ? base : null;
}

export function readImportGraph(root: string): ImportEdge[] {
  const files = listSourceFiles(root);
  const set = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const { specifier, kind } of importsOf(from, fs.readFileSync(path.join(root, from), 'utf8'))) {
      const internal = resolveInternal(root, from, specifier, set);
      const relative = specifier.startsWith('.') || specifier.startsWith('@/');
      if (relative && internal === null) throw new Error(`${from}: cannot resolve ${specifier}`);
      edges.push({ from, to: internal ?? specifier, internal: internal !== null, kind });
    }
  }
  return edges;
}

/** Strongly connected components of two files or more (Tarjan), each sorted, in sorted order. */
export function findCycles(nodes: Iterable<string>, edges: ReadonlyArray<{ from: string; to: string }>): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) strong(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
