import type { Db } from '../../db/client';
import type { TrustedProxies } from '../http/client-address';

/**
 * What the auth edges (sign-in, kiosk link, first-admin setup) use of the process's services. A
 * Services fits; named here so that auth does not import the composition root that builds it.
 */
export interface GateDeps {
  db: Db;
  clock: () => Date;
  secret: Buffer;
  publicUrl?: string;
  loginPerMinute?: number;
  trustedProxies?: TrustedProxies;
}
