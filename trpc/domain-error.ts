import type { DomainErrorData } from '@/server/api/domain-errors';

/** The part of a tRPC client error the pages read: the message and the domain data from errorFormatter. */
export interface ErrorLike {
  message: string;
  data?: { domain?: DomainErrorData | null } | null;
}

export function domainOf(err: ErrorLike | null | undefined): DomainErrorData | null {
  return err?.data?.domain ?? null;
}

/**
 * Field messages keyed by form field: zod paths ("values.tags.0") lose the wrapper prefix and any
 * array index; a FieldError names its field directly. Messages for the whole input land on "_".
 */
export function fieldErrorsOf(err: ErrorLike | null | undefined, prefix = ''): Record<string, string> {
  const domain = domainOf(err);
  const out: Record<string, string> = {};
  if (!domain || !err) return out;
  if (domain.kind === 'field' && domain.field) out[domain.field] = err.message;
  for (const [path, messages] of Object.entries(domain.fieldErrors ?? {})) {
    const rest = prefix && path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    const key = rest.split('.')[0] || '_';
    // The first message is the one to fix first ("required" before "letters, digits…").
    if (messages[0]) out[key] ??= messages[0];
  }
  return out;
}

/** A sentence for the person: the domain's own message, or a pointer to the fields. */
export function errorMessageOf(err: ErrorLike | null | undefined): string {
  if (!err) return '';
  const domain = domainOf(err);
  if (domain?.kind === 'validation') return 'Some values are not valid — see the messages next to the fields.';
  return err.message;
}
