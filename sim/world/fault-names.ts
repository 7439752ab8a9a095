/**
 * A fault injected into a simulated node (see sim/control/faults.ts for what each one does and its
 * parameters). Commands see only the name; the server applies the rest.
 */
export type SimFault =
  | 'garbled'
  | 'hang'
  | 'refuse-exec'
  | 'refuse'
  | 'silent'
  | 'slow'
  | 'drop'
  | 'truncate'
  | 'wrong-host-key'
  | 'auth-refused'
  | 'max-sessions'
  | 'legacy-kex'
  | 'clock-skew'
  | 'migrate-fail-copy'
  | 'migrate-flood'
  | 'no-collect-loop';
export const SIM_FAULTS: readonly SimFault[] = [
  'garbled',
  'hang',
  'refuse-exec',
  'refuse',
  'silent',
  'slow',
  'drop',
  'truncate',
  'wrong-host-key',
  'auth-refused',
  'max-sessions',
  'legacy-kex',
  'clock-skew',
  'migrate-fail-copy',
  'migrate-flood',
  'no-collect-loop',
];
