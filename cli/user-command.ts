import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { env } from '../env';
import { recordAudit } from '../server/audit/record';
import { authFor } from '../server/auth/auth';
import { createKioskToken } from '../server/auth/kiosk';
import { unlockAccount } from '../server/auth/sign-in-brake';
import { createUser, listUsers, revokeUserSessions, USER_ROLES, type UserRole } from '../server/auth/users';
import { FieldError } from '../server/errors/general-errors';
import { openCliServices } from './open-services';

type Io = { stdout: (s: string) => void; stderr: (s: string) => void; readStdin: () => string };

const USAGE = `usage:
  vzfleet user create --email E --name N (--admin | --role admin|operator|support) [--password-stdin]
      the password is read from stdin with --password-stdin, else from VZFLEET_NEW_PASSWORD
  vzfleet user list [--json]
  vzfleet user revoke-sessions --email E
  vzfleet user unlock <email>            lifts the sign-in brake after failed attempts
  vzfleet kiosk create --label L [--url https://vzfleet.example.net]   prints a one-time wall link
`;

const CLI_VIEWER = { kind: 'user' as const, id: 'cli', role: 'admin' as const, label: `cli:${env.USER ?? 'unknown'}` };

export async function runUser(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(rest, io);
  if (sub === 'list') return list(rest, io);
  if (sub === 'revoke-sessions') return revoke(rest, io);
  if (sub === 'unlock') return unlock(rest, io);
  io.stderr(USAGE);
  return 2;
}

async function create(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false }, role: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
    strict: true,
  });
  const role = (values.admin ? 'admin' : values.role) as UserRole | undefined;
  if (!role || !USER_ROLES.includes(role)) {
    io.stderr(USAGE);
    return 2;
  }
  const password = values['password-stdin'] ? io.readStdin().replace(/\r?\n$/, '') : env.VZFLEET_NEW_PASSWORD;
  if (!password) {
    io.stderr('vzfleet user create: give the password on stdin (--password-stdin) or in VZFLEET_NEW_PASSWORD; never as an argument\n');
    return 2;
  }
  const { services, close } = await openCliServices('vzfleet user create');
  try {
    const user = await createUser(authFor(services), services.db, { email: values.email ?? '', name: values.name ?? values.email ?? '', password, role });
    await recordAudit({ services, headers: new Headers(), viewer: CLI_VIEWER }, { action: 'user.create', target: user.email, result: 'ok', detail: { role, via: 'cli' } });
    io.stdout(`created ${user.role} ${user.email}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ZodError) {
      io.stderr(err.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n') + '\n');
      return 1;
    }
    if (err instanceof FieldError) {
      io.stderr(`  ${err.field}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await close();
  }
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const { services, close } = await openCliServices('vzfleet user list');
  try {
    const users = await listUsers(services.db);
    io.stdout(values.json ? JSON.stringify(users, null, 2) + '\n' : users.map((u) => `${u.role.padEnd(9)} ${u.email}${u.twoFactorEnabled ? '  (TOTP)' : ''}\n`).join(''));
    return 0;
  } finally {
    await close();
  }
}

async function revoke(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const { services, close } = await openCliServices('vzfleet user revoke-sessions');
  try {
    const user = (await listUsers(services.db)).find((u) => u.email === values.email?.trim().toLowerCase());
    if (!user) {
      io.stderr(`vzfleet: no user ${values.email ?? ''}\n`);
      return 1;
    }
    const n = await revokeUserSessions(services.db, user.id);
    await recordAudit({ services, headers: new Headers(), viewer: CLI_VIEWER }, { action: 'user.revokeSessions', target: user.email, result: 'ok', detail: { revoked: n, via: 'cli' } });
    io.stdout(`revoked ${n} session(s) of ${user.email}\n`);
    return 0;
  } finally {
    await close();
  }
}

async function unlock(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const email = (values.email ?? positionals[0] ?? '').trim().toLowerCase();
  if (!email || positionals.length > 1) {
    io.stderr(USAGE);
    return 2;
  }
  const { services, close } = await openCliServices('vzfleet user unlock');
  try {
    await unlockAccount({ services, headers: new Headers(), viewer: CLI_VIEWER }, email);
    io.stdout(`unlocked sign-in for ${email}\n`);
    return 0;
  } finally {
    await close();
  }
}

export async function runKiosk(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    io.stderr(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { label: { type: 'string' }, url: { type: 'string' } }, strict: true });
  const { services, close } = await openCliServices('vzfleet kiosk create');
  try {
    const created = await createKioskToken(services.db, values.label ?? '', CLI_VIEWER.label);
    await recordAudit({ services, headers: new Headers(), viewer: CLI_VIEWER }, { action: 'kiosk.create', target: `kiosk ${created.token.id} (${created.token.label})`, result: 'ok', detail: { via: 'cli' } });
    const base = (values.url ?? services.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
    io.stdout(`wall link (opens once, then the TV keeps a cookie):\n${base}${created.path}\n`);
    return 0;
  } finally {
    await close();
  }
}
