import { z } from 'zod';

/**
 * The one CT-id grammar. A container is addressed by a positive number as vzctl prints it
 * ("101", no leading zeros, at most 10 digits) or by an OpenVZ 7 UUID (lower-case, as prlctl
 * prints it). "0" is not a container: it is the hardware node itself, which owns the first
 * block of /proc/user_beancounters and the CT0 row of vzcpucheck. Views of beancounters may
 * show it (HOST_CT_ID); nothing may run a command against it or migrate it.
 */
const CT_ID_RE = /^(?:[1-9][0-9]{0,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The node's own beancounter holder ("CT0"). */
export const HOST_CT_ID = '0';

/** A container a user can address: what commands, migrations and audits take. */
export function isCtId(value: string): boolean {
  return CT_ID_RE.test(value);
}

/** A container or the node itself: what beancounter views and history series take. */
export function isCtOrHostId(value: string): boolean {
  return value === HOST_CT_ID || CT_ID_RE.test(value);
}

export const ctIdSchema = z.string().regex(CT_ID_RE, 'a CT id is a number or an OpenVZ 7 UUID');

export const ctOrHostIdSchema = z.string().refine(isCtOrHostId, 'a CT id is a number or an OpenVZ 7 UUID, or 0 for the node itself');
