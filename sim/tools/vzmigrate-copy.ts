/**
 * vzmigrate's first copy: the destination prepared (config, root and private dirs, quota for a
 * simfs CT) and the private area synced while the CT still runs. A destination disk too small, or
 * the migrate-fail-copy fault, stops rsync partway with rsync's own last words.
 */
import { freeDiskKb } from '../world/directory';
import { EXIT, type MigrationPlan, type MigrationRun } from './vzmigrate-run';
import { rsyncConnectionLost, rsyncDiskFull, rsyncSeconds, vzctlSays } from './vzmigrate-steps';

/** null when the copy went through; else the exit status the script stops with. */
export async function copyPrivateArea(run: MigrationRun, plan: MigrationPlan): Promise<number | null> {
  const { host, model, veid, out, error, debug, shown, wait } = run;
  const { ct, dst, t, suspended, ploop } = plan;
  out('Preparing remote node');
  debug('Copying config file');
  if (dst.model.generation !== model.generation) {
    // A legacy CT config means nothing to OpenVZ 7's vzctl (nor the reverse).
    error('Failed to apply config on destination node');
    return EXIT.applyConfig;
  }
  shown([...vzctlSays.saved(veid), ...vzctlSays.saved(veid)]);
  if (suspended) debug('Copying dump file');
  debug('Creating remote container root dir');
  debug('Creating remote container private dir');
  await wait(t.prepare);
  if (!ploop) {
    out('Initializing remote quota');
    debug('Quota init');
    debug('Turning remote quota on');
    await wait(t.quotaInit);
  }

  out('Syncing private');
  const needKb = ct.diskspace.usage;
  const freeKb = freeDiskKb(dst);
  const lost = host!.fault === 'migrate-fail-copy' || dst.fault === 'migrate-fail-copy';
  if (lost || needKb > freeKb) {
    const copiedKb = lost ? Math.min(needKb, freeKb) * 0.4 : freeKb;
    await wait(rsyncSeconds(copiedKb, (ct.diskinodes.usage * copiedKb) / Math.max(1, needKb)));
    run.io.write(2, lost ? rsyncConnectionLost(copiedKb) : rsyncDiskFull(veid, copiedKb));
    error('Failed to sync container private areas');
    return EXIT.copy;
  }
  await wait(t.rsync1);
  return null;
}
