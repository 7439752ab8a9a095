import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { FieldError, NotFoundError } from '../inventory/errors';
import { MigrationConflictError, PrecheckFailedError } from '../migration/errors';
import { OpenvzParseError } from '../openvz/errors';
import { SshError } from '../ssh/errors';
import type { Role, Viewer } from '../auth/roles';
import type { Services } from '../services';

export interface TrpcContext {
  services: Services;
  headers: Headers;
  /** Who is asking; undefined until authentication is wired in (issue 6). */
  viewer?: Viewer | null;
}

/** Every procedure declares the roles it allows; 'public' is for the login flow only. */
export interface ProcedureMeta {
  roles: readonly Role[] | 'public';
}

/** What the browser may learn about a failure: the domain's own words, and which field is wrong. */
export interface DomainErrorData {
  kind: string;
  field?: string;
  line?: string;
  fieldErrors?: Record<string, string[]>;
}

function domainData(cause: unknown): DomainErrorData | null {
  if (cause instanceof FieldError) return { kind: 'field', field: cause.field };
  if (cause instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of cause.issues) {
      const key = issue.path.join('.') || '_';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { kind: 'validation', fieldErrors };
  }
  if (cause instanceof SshError) return { kind: `ssh-${cause.kind}` };
  if (cause instanceof OpenvzParseError) return { kind: 'parse', line: cause.line };
  if (cause instanceof NotFoundError) return { kind: 'not-found' };
  if (cause instanceof PrecheckFailedError) return { kind: 'precheck-failed' };
  if (cause instanceof MigrationConflictError) return { kind: 'conflict' };
  return null;
}

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer: superjson,
  // Pings keep proxies from closing an idle stream; a client that hears nothing reconnects.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, domain: domainData(error.cause) } };
  },
});

/** Domain errors map to tRPC codes here, once, so routers just throw what happened. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.code === 'INTERNAL_SERVER_ERROR') {
    const cause = res.error.cause;
    const code =
      cause instanceof FieldError ? 'BAD_REQUEST'
      : cause instanceof ZodError ? 'BAD_REQUEST'
      : cause instanceof NotFoundError ? 'NOT_FOUND'
      : cause instanceof SshError || cause instanceof OpenvzParseError ? 'BAD_GATEWAY'
      : cause instanceof PrecheckFailedError ? 'PRECONDITION_FAILED'
      : cause instanceof MigrationConflictError ? 'CONFLICT'
      : null;
    if (code) throw new TRPCError({ code, message: (cause as Error).message, cause });
  }
  return res;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Enforcement of meta.roles; issue 6 turns this from a declaration into a check. */
const requireRoles = t.middleware(({ next }) => next());

/** The way routers declare a procedure: `procedureFor('admin', 'operator').mutation(...)`. */
export function procedureFor(...roles: Role[]) {
  return publicProcedure.meta({ roles }).use(requireRoles);
}
