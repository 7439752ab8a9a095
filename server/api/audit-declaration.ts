import type { z } from 'zod';

/** How one mutation names itself in the audit trail, instead of the generic `path + input` line. */
export interface AuditLine {
  action: string;
  target: string;
  detail?: Record<string, unknown>;
  /** Keys of the answer copied into the line on success (e.g. the job or plan id it created). */
  resultIds?: readonly string[];
}

/**
 * Declared in a procedure's meta (`.meta({ audit: auditAs(schema, …) })`). The audit middleware
 * runs before the input is parsed, so it reads the raw input with the procedure's own schema;
 * input the schema rejects gets the generic line, as the resolver never ran.
 */
export interface AuditDeclaration {
  describe: (rawInput: unknown) => AuditLine | null;
}

export function auditAs<S extends z.ZodType>(schema: S, describe: (input: z.output<S>) => AuditLine): AuditDeclaration {
  return {
    describe: (raw) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? describe(parsed.data) : null;
    },
  };
}

/** The ids an answer names, for the audit line. */
export function idsOf(result: unknown, keys: readonly string[] = []): Record<string, string> {
  const ids: Record<string, string> = {};
  if (typeof result !== 'object' || !result) return ids;
  for (const k of keys) if (k in result) ids[k] = String((result as Record<string, unknown>)[k]);
  return ids;
}
