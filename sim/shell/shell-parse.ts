/**
 * Parsing half of the simulated shell: a command line → and-or list of pipelines of simple
 * commands with redirections. It understands quoting ('…', "…", backslash), `;`, newlines,
 * `&&`, `||`, `|`, `N>&M`, `N>file`, `&>file`, `<file` and comments. Everything else a real
 * shell would do ($(…), `…`, &, subshells) is refused with a syntax error, never guessed.
 */

/** A piece of a word; `expand` pieces get `$?`/`$VAR` expansion at run time (unquoted or "…"). */
export interface WordPart {
  text: string;
  expand: boolean;
}
export interface Word {
  parts: WordPart[];
  /** Any part quoted: an empty expansion still makes an (empty) word. */
  quoted: boolean;
}
export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '&>';
export interface Redirection {
  fd: number;
  op: RedirOp;
  target: Word;
}
export interface SimpleCommand {
  words: Word[];
  redirections: Redirection[];
}
export type Connector = ';' | '&&' | '||';
export interface AndOrItem {
  /** How this pipeline hangs on the previous one (`;` for the first). */
  connector: Connector;
  pipeline: SimpleCommand[];
}

export class ShellSyntaxError extends Error {
  /** What bash -c prints on stderr (exit status 2). */
  readonly stderr: string;
  constructor(stderr: string) {
    super(stderr.trim());
    this.name = 'ShellSyntaxError';
    this.stderr = stderr;
  }
}

type Token =
  | { kind: 'word'; word: Word }
  | { kind: 'op'; op: ';' | ';;' | '&&' | '||' | '|' | '&' | '\n' | '(' | ')' }
  | { kind: 'redir'; fd: number; op: RedirOp };

function unexpected(line: string, token: string): ShellSyntaxError {
  return new ShellSyntaxError(`sh: -c: line 0: syntax error near unexpected token \`${token}'\nsh: -c: line 0: \`${line}'\n`);
}
const unexpectedEof = (quote?: string) =>
  new ShellSyntaxError(
    `${quote ? `sh: -c: line 0: unexpected EOF while looking for matching \`${quote}'\n` : ''}sh: -c: line 1: syntax error: unexpected end of file\n`,
  );

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | null = null;
  const cur = () => (word ??= { parts: [], quoted: false });
  const add = (text: string, expand: boolean) => {
    const w = cur();
    const last = w.parts[w.parts.length - 1];
    if (last && last.expand === expand) last.text += text;
    else w.parts.push({ text, expand });
  };
  const flush = () => {
    if (word) tokens.push({ kind: 'word', word });
    word = null;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1];
    if (c === ' ' || c === '\t') flush();
    else if (c === '\n') {
      flush();
      tokens.push({ kind: 'op', op: '\n' });
    } else if (c === '#' && word === null) {
      while (i + 1 < line.length && line[i + 1] !== '\n') i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unexpectedEof("'");
      cur().quoted = true;
      add(line.slice(i + 1, end), false);
      i = end;
    } else if (c === '"') {
      cur().quoted = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j]!;
        if (d === '`' || (d === '$' && line[j + 1] === '(')) throw unexpected(line, d === '`' ? '`' : '$(');
        if (d === '\\' && '$`"\\\n'.includes(line[j + 1] ?? '')) {
          if (line[j + 1] !== '\n') add(line[j + 1]!, false);
          j++;
        } else add(d, true);
      }
      if (j >= line.length) throw unexpectedEof('"');
      i = j;
    } else if (c === '\\') {
      if (next === undefined) add('\\', false);
      else if (next !== '\n') add(next, false);
      i++;
    } else if (c === '`' || (c === '$' && next === '(')) {
      throw unexpected(line, c === '`' ? '`' : '$(');
    } else if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      if (c === '&' && next === '>') {
        flush();
        tokens.push({ kind: 'redir', fd: 1, op: '&>' });
        i++;
        continue;
      }
      flush();
      const two = c + (next ?? '');
      if (two === '&&' || two === '||' || two === ';;') {
        tokens.push({ kind: 'op', op: two });
        i++;
      } else tokens.push({ kind: 'op', op: c as ';' | '|' | '&' | '(' | ')' });
    } else if (c === '>' || c === '<') {
      const w = word as Word | null;
      const fdWord = w && !w.quoted && w.parts.length === 1 && /^\d+$/.test(w.parts[0]!.text) ? Number(w.parts[0]!.text) : null;
      if (fdWord !== null) word = null;
      else flush();
      let op: RedirOp = c;
      if (c === '>' && (next === '>' || next === '&')) op = next === '>' ? '>>' : '>&';
      else if (c === '<' && next === '&') op = '<&';
      if (op.length === 2) i++;
      tokens.push({ kind: 'redir', fd: fdWord ?? (c === '>' ? 1 : 0), op });
    } else add(c, true);
  }
  flush();
  return tokens;
}

/** Parses a command line; throws ShellSyntaxError with bash's message when it is not valid. */
export function parseCommandLine(line: string): AndOrItem[] {
  const items: AndOrItem[] = [];
  let connector: Connector = ';';
  let pipeline: SimpleCommand[] = [];
  let cmd: SimpleCommand = { words: [], redirections: [] };
  let pending: 'none' | 'after-op' = 'none';
  const tokens = tokenize(line);
  const isEmpty = (c: SimpleCommand) => c.words.length === 0 && c.redirections.length === 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      cmd.words.push(t.word);
      pending = 'none';
      continue;
    }
    if (t.kind === 'redir') {
      const target = tokens[i + 1];
      if (!target || target.kind !== 'word') {
        const shown = target?.kind === 'redir' ? target.op : target?.kind === 'op' && target.op !== '\n' ? target.op : 'newline';
        throw unexpected(line, shown);
      }
      cmd.redirections.push({ fd: t.fd, op: t.op, target: target.word });
      pending = 'none';
      i++;
      continue;
    }
    // A newline right after `;`, `&&`, `||` or `|` (or on an empty line) is just a line break.
    if (t.op === '\n' && isEmpty(cmd)) continue;
    if (t.op === '&' || t.op === '(' || t.op === ')' || t.op === ';;') throw unexpected(line, t.op);
    if (isEmpty(cmd)) throw unexpected(line, t.op === '\n' ? 'newline' : t.op);
    pipeline.push(cmd);
    cmd = { words: [], redirections: [] };
    if (t.op === '|') {
      pending = 'after-op';
      continue;
    }
    items.push({ connector, pipeline });
    pipeline = [];
    connector = t.op === '&&' || t.op === '||' ? t.op : ';';
    pending = t.op === '&&' || t.op === '||' ? 'after-op' : 'none';
  }
  if (!isEmpty(cmd)) {
    pipeline.push(cmd);
    items.push({ connector, pipeline });
  } else if (pipeline.length > 0 || pending === 'after-op') throw unexpectedEof();
  return items;
}
