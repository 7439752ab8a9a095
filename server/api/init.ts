import { initTRPC, TRPCError } from '@trpc/server';
import { PrecheckFailedError } from '../migration/errors';
import { idsOf, type AuditDeclaration } from './audit-declaration';
import { domainErrorOf } from './domain-errors';
import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit, redactForAudit } from '../audit/record';
import { refuseRole, type RoleRefusal } from '../auth/role-check';
import type { Role, Viewer } from '../auth/roles';
import type { Services } from '../services';
import { transformer } from './transformer';

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

/**
 * Every procedure declares the roles it allows; 'public' is for the login flow only. Optional in the
 * type only because tRPC merges meta calls: procedureFor sets roles and a router adds `audit` in a
 * second `.meta()`. A procedure without roles fails closed (requireRoles).
 */
export interface ProcedureMeta {
  roles?: readonly Role[] | 'public';
  /** Callable while TOTP enrolment is pending (the account's own 2FA set-up). */
  totpEnrolment?: boolean;
  /** A mutation's own audit line (action, target, detail); without it the line is generic. */
  audit?: AuditDeclaration;
}

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer,
  // Pings keep proxies from closing an idle stream; a client that hears nothing reconnects.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, domain: domainErrorOf(error.cause)?.data ?? null } };
  },
});

/** Domain errors map to tRPC codes here, once, so routers just throw what happened. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.code === 'INTERNAL_SERVER_ERROR') {
    const cause = res.error.cause;
    const code = domainErrorOf(cause)?.code;
    if (code) throw new TRPCError({ code, message: (cause as Error).message, cause });
  }
  return res;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Not exported: every procedure goes through procedureFor (or openProcedure) and so declares who may call it. */
const baseProcedure = t.procedure.use(mapDomainErrors);

/**
 * Every mutation leaves a line in the audit trail: the procedure's own recordAudit call, or the
 * line its meta declares (meta.audit), or else a generic one here with the outcome. Only a
 * signed-in caller's allowed call keeps its (redacted, bounded) input; a denied call keeps who and
 * what, not the input; a caller without a session is only counted (audit_anonymous), so strangers
 * cannot grow the append-only trail.
 */
const auditMutations = t.middleware(async ({ ctx, meta, type, path, getRawInput, next }) => {
  if (type !== 'mutation') return next();
  const audit = { recorded: false };
  const res = await next({ ctx: { audit } });
  if (audit.recorded) return res;
  if (!ctx.viewer) {
    await recordAnonymousFailure(ctx, `trpc.${path}`);
    return res;
  }
  const code = res.ok ? null : res.error.code;
  const denied = code === 'FORBIDDEN' || code === 'UNAUTHORIZED';
  const input = denied ? undefined : await getRawInput().catch(() => undefined);
  const declared = denied ? null : (meta?.audit?.describe(input) ?? null);
  if (declared) {
    const { action, target, detail = {}, resultIds } = declared;
    if (res.ok) {
      await recordAudit(ctx, { action, target, result: 'ok', detail: { ...detail, ...idsOf(res.data, resultIds) } });
    } else {
      const cause = res.error.cause instanceof Error ? res.error.cause : res.error;
      // Failed pre-checks are a refusal by the domain, not a fault.
      await recordAudit(ctx, { action, target, result: cause instanceof PrecheckFailedError ? 'denied' : 'error', detail: { ...detail, error: cause.message } });
    }
    return res;
  }
  const result = res.ok ? 'ok' : denied ? 'denied' : 'error';
  await recordAudit(ctx, { action: path, result, detail: { ...(denied ? {} : { input: redactForAudit(input) }), ...(code ? { error: code } : {}) } });
  return res;
});

/**
 * After a mutation, fleet-wide reads start afresh (services.sharedReads): the person who added,
 * edited or removed something sees it on their next read, not up to SHARED_READ_MS later. After
 * requireRoles, so a refused caller cannot keep every viewer from sharing.
 */
const freshReadsAfterMutations = t.middleware(async ({ ctx, type, next }) => {
  if (type !== 'mutation') return next();
  try {
    return await next();
  } finally {
    ctx.services.sharedReads?.invalidate();
  }
});

/**
 * Why this viewer may not call a procedure declared with `meta`: 'undeclared' for a procedure
 * without roles (a bug; it fails closed), else refuseRole's answer, null when allowed. requireRoles
 * and the shared answers (shared-responses.ts) both ask here, so they cannot drift apart.
 */
export function refuseByMeta(viewer: Viewer | null | undefined, meta: ProcedureMeta | undefined): RoleRefusal | 'undeclared' | null {
  const roles = meta?.roles;
  // 'public' is reserved for a login flow over tRPC; there is none (Better Auth serves /api/auth).
  if (!roles || roles === 'public') return 'undeclared';
  return refuseRole(viewer, roles, { totpEnrolment: meta.totpEnrolment });
}

/** meta.roles enforced: UNAUTHORIZED without a viewer, FORBIDDEN for a role not listed. */
const requireRoles = t.middleware(({ ctx, meta, next }) => {
  const refusal = refuseByMeta(ctx.viewer, meta);
  if (refusal === 'undeclared') throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure without a roles declaration' });
  if (refusal) throw new TRPCError({ code: refusal.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message: refusal.message });
  const viewer = ctx.viewer!;
  return next({ ctx: { viewer } });
});

/** The way routers declare a procedure: `procedureFor('admin', 'operator').mutation(...)`. */
export function procedureFor(...roles: Role[]) {
  return baseProcedure.meta({ roles }).use(auditMutations).use(requireRoles).use(freshReadsAfterMutations);
}

/** For the few calls a person makes before enrolling TOTP when it is required (their own account). */
export function enrolmentProcedureFor(...roles: Role[]) {
  return baseProcedure.meta({ roles, totpEnrolment: true }).use(auditMutations).use(requireRoles).use(freshReadsAfterMutations);
}
