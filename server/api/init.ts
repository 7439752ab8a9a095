import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { FieldError, NotFoundError } from '../inventory/errors';
import { MigrationConflictError, PrecheckFailedError } from '../migration/errors';
import { OpenvzParseError } from '../openvz/errors';
import { SshError } from '../ssh/errors';
import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit, redactForAudit } from '../audit/record';
import type { Role, Viewer } from '../auth/roles';
import type { Services } from '../services';

export interface TrpcContext {
  services: Services;
  headers: Headers;
  /** Who is asking: a person, a wall screen, or nobody (null/undefined). */
  viewer?: Viewer | null;
  /** Re-checks the session (set by the HTTP handler): long-lived streams end when it is revoked. */
  stillAuthorized?: () => Promise<boolean>;
  /** Set per mutation by the audit middleware; recordAudit marks it so no generic line is added. */
  audit?: { recorded: boolean };
}

/** Every procedure declares the roles it allows; 'public' is for the login flow only. */
export interface ProcedureMeta {
  roles: readonly Role[] | 'public';
  /** Callable while TOTP enrolment is pending (the account's own 2FA set-up). */
  totpEnrolment?: boolean;
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
/** Not exported: every procedure goes through procedureFor (or openProcedure) and so declares who may call it. */
const baseProcedure = t.procedure.use(mapDomainErrors);

/**
 * Every mutation leaves a line in the audit trail: the procedure's own recordAudit call, or else a
 * generic one here with the outcome. Only a signed-in caller's allowed call keeps its (redacted,
 * bounded) input; a denied call keeps who and what, not the input; a caller without a session is
 * only counted (audit_anonymous), so strangers cannot grow the append-only trail.
 */
const auditMutations = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  if (type !== 'mutation') return next();
  const audit = { recorded: false };
  const res = await next({ ctx: { audit } });
  if (!audit.recorded) {
    const code = res.ok ? null : res.error.code;
    if (!ctx.viewer) {
      await recordAnonymousFailure(ctx, `trpc.${path}`);
      return res;
    }
    const denied = code === 'FORBIDDEN' || code === 'UNAUTHORIZED';
    const result = res.ok ? 'ok' : denied ? 'denied' : 'error';
    const input = denied ? undefined : await getRawInput().catch(() => undefined);
    await recordAudit(ctx, { action: path, result, detail: { ...(denied ? {} : { input: redactForAudit(input) }), ...(code ? { error: code } : {}) } });
  }
  return res;
});

/** meta.roles enforced: UNAUTHORIZED without a viewer, FORBIDDEN for a role not listed. */
const requireRoles = t.middleware(({ ctx, meta, next }) => {
  const roles = meta?.roles;
  // 'public' is reserved for a login flow over tRPC; there is none (Better Auth serves /api/auth).
  if (!roles || roles === 'public') throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure without a roles declaration' });
  const viewer = ctx.viewer;
  if (!viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' });
  if (!roles.includes(viewer.role)) throw new TRPCError({ code: 'FORBIDDEN', message: `not allowed for role ${viewer.role}` });
  if (viewer.mustEnrolTotp && !meta.totpEnrolment) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'set up two-factor authentication first (Account)' });
  }
  return next({ ctx: { viewer } });
});

/** The way routers declare a procedure: `procedureFor('admin', 'operator').mutation(...)`. */
export function procedureFor(...roles: Role[]) {
  return baseProcedure.meta({ roles }).use(auditMutations).use(requireRoles);
}

/** For the few calls a person makes before enrolling TOTP when it is required (their own account). */
export function enrolmentProcedureFor(...roles: Role[]) {
  return baseProcedure.meta({ roles, totpEnrolment: true }).use(auditMutations).use(requireRoles);
}
