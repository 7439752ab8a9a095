/**
 * A small GNU getopt_long: clustered short options (`-aHo f`), option arguments attached or
 * separate, `--long[=value]`, `--` and operands mixed with options (GNU permutes them).
 * Error texts are glibc's, prefixed with the program name.
 */
export interface GetoptSpec {
  /** getopt short-option string, e.g. "HtSanjN:h:d:o:s:Le1" */
  short: string;
  /** long name → the short letter it stands for (it takes an argument when that letter does) */
  long?: Record<string, string>;
}

export interface GetoptResult {
  options: { opt: string; arg?: string }[];
  operands: string[];
  /** glibc's message, e.g. "vzlist: invalid option -- 'x'" */
  error?: string;
}

function takesArg(spec: GetoptSpec, opt: string): boolean {
  const i = spec.short.indexOf(opt);
  return i >= 0 && spec.short[i + 1] === ':';
}

export function getopt(prog: string, args: readonly string[], spec: GetoptSpec): GetoptResult {
  const options: GetoptResult['options'] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const opt = spec.long?.[name];
      if (opt === undefined) return { options, operands, error: `${prog}: unrecognized option '${a}'` };
      if (takesArg(spec, opt)) {
        const arg = value ?? args[++i];
        if (arg === undefined) return { options, operands, error: `${prog}: option '--${name}' requires an argument` };
        options.push({ opt, arg });
      } else {
        if (value !== undefined) return { options, operands, error: `${prog}: option '--${name}' doesn't allow an argument` };
        options.push({ opt });
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const opt = a[j]!;
      if (opt === ':' || !spec.short.includes(opt)) return { options, operands, error: `${prog}: invalid option -- '${opt}'` };
      if (!takesArg(spec, opt)) {
        options.push({ opt });
        continue;
      }
      const arg = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (arg === undefined) return { options, operands, error: `${prog}: option requires an argument -- '${opt}'` };
      options.push({ opt, arg });
      break;
    }
  }
  return { options, operands };
}
