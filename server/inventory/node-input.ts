import { z } from 'zod';
import { SSH_AUTH_METHODS } from '../../db/schema';
import { FINGERPRINT_RE } from '../ssh/fingerprint';

const HOSTNAME_RE = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_RE = /^[0-9A-Fa-f:]+(?:\.\d+\.\d+\.\d+\.\d+)?$/;

/** Host names and addresses only: never anything that ssh or a shell could read as an option. */
export const hostSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .refine((h) => IPV4_RE.test(h) || (h.includes(':') && IPV6_RE.test(h)) || HOSTNAME_RE.test(h), {
    message: 'a host name (letters, digits, dots, dashes) or an IP address',
  });

export const nodeInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'required')
      .max(64, 'at most 64 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore; starts with a letter or digit'),
    host: hostSchema,
    port: z.coerce.number().int('a whole number').min(1, '1–65535').max(65535, '1–65535').default(22),
    sshUser: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a Unix user name, e.g. root or vzfleet')
      .default('root'),
    authMethod: z.enum(SSH_AUTH_METHODS),
    keyFile: z.string().trim().max(4096).optional(),
    /** OpenSSH private key text; only for authMethod 'stored-key'. Write-only: never returned. */
    privateKey: z.string().max(64 * 1024).optional(),
    hostKeyFingerprint: z
      .string()
      .trim()
      .regex(FINGERPRINT_RE, 'SHA256:… as ssh-keygen -lf prints it')
      .nullable()
      .optional(),
    location: z.string().trim().max(100, 'at most 100 characters').refine((v) => !v.includes('\0'), 'no NUL characters').default(''),
    tags: z
      .array(z.string().trim().regex(/^[A-Za-z0-9][\w.-]{0,31}$/, 'tags are 1–32 letters, digits, dot, dash, underscore; start with a letter or digit'))
      .max(20, 'at most 20 tags')
      .default([]),
    notes: z.string().max(2000, 'at most 2000 characters').refine((v) => !v.includes('\0'), 'no NUL characters').default(''),
    /** Seconds between polls; empty = the fleet default. */
    pollIntervalS: z.coerce
      .number({ error: 'a number of seconds, 5–3600, or empty for the fleet default' })
      .int('a whole number of seconds')
      .min(5, '5–3600 s, or empty for the fleet default')
      .max(3600, '5–3600 s, or empty for the fleet default')
      .nullable()
      .optional(),
    /**
     * Offer zlib on the node's SSH link. No default here: absent means off for a new node but "keep
     * what is stored" on an edit, so a client that does not know the field cannot switch it off.
     */
    sshCompression: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.authMethod === 'key-file' && !v.keyFile) {
      ctx.addIssue({ code: 'custom', path: ['keyFile'], message: 'the path of the private key file on the vzfleet server' });
    }
    if (v.keyFile?.includes('\0')) ctx.addIssue({ code: 'custom', path: ['keyFile'], message: 'invalid path' });
  });

export type NodeInput = z.input<typeof nodeInputSchema>;
export type NodeInputParsed = z.output<typeof nodeInputSchema>;
