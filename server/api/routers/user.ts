import { z } from 'zod';
import { recordAudit } from '../../audit/record';
import { authFor } from '../../auth/auth';
import { countAdmins, createUser, findUser, listUsers, newUserSchema, removeUser, revokeUserSessions, setUserRole, USER_ROLES } from '../../auth/users';
import { FieldError } from '../../errors/general-errors';
import { createTRPCRouter, procedureFor } from '../init';

const userIdInput = z.object({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });

/** Admin only: people and their roles. Passwords are write-only; nothing here returns a hash. */
export const userRouter = createTRPCRouter({
  list: procedureFor('admin').query(({ ctx }) => listUsers(ctx.services.db)),

  create: procedureFor('admin')
    .input(newUserSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(authFor(ctx.services), ctx.services.db, input);
      await recordAudit(ctx, { action: 'user.create', target: user.email, result: 'ok', detail: { role: user.role } });
      return user;
    }),

  setRole: procedureFor('admin')
    .input(userIdInput.extend({ role: z.enum(USER_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.viewer.id && input.role !== 'admin') throw new FieldError('role', 'you cannot take away your own admin role');
      const user = await setUserRole(ctx.services.db, input.id, input.role);
      await recordAudit(ctx, { action: 'user.setRole', target: user.email, result: 'ok', detail: { role: input.role } });
      return user;
    }),

  /** Logs the person out everywhere, effective on their next request. */
  revokeSessions: procedureFor('admin')
    .input(userIdInput)
    .mutation(async ({ ctx, input }) => {
      const user = await findUser(ctx.services.db, input.id);
      const revoked = await revokeUserSessions(ctx.services.db, input.id);
      await recordAudit(ctx, { action: 'user.revokeSessions', target: user.email, result: 'ok', detail: { revoked } });
      return { revoked };
    }),

  remove: procedureFor('admin')
    .input(userIdInput)
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.viewer.id) throw new FieldError('id', 'you cannot remove yourself');
      const user = await findUser(ctx.services.db, input.id);
      if (user.role === 'admin' && (await countAdmins(ctx.services.db)) <= 1) throw new FieldError('id', 'the last admin cannot be removed');
      await removeUser(ctx.services.db, input.id);
      await recordAudit(ctx, { action: 'user.remove', target: user.email, result: 'ok' });
      return { id: input.id };
    }),
});
