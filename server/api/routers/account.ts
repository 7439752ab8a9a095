import { createTRPCRouter, enrolmentProcedureFor } from '../init';

/** The caller's own account: who am I, and must I set up TOTP first. */
export const accountRouter = createTRPCRouter({
  me: enrolmentProcedureFor('admin', 'operator', 'support', 'wall').query(({ ctx }) => ({
    kind: ctx.viewer.kind,
    role: ctx.viewer.role,
    label: ctx.viewer.label,
    mustEnrolTotp: ctx.viewer.mustEnrolTotp ?? false,
  })),
});
