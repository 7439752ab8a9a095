/**
 * An offline migration after the first copy: a running CT stopped (for ploop, its top delta
 * copied with the CT stopped) and a mounted one unmounted, a second rsync and the 2nd level quota
 * (simfs), then the CT brought back on the destination as it was: a running CT started again
 * (failcnt reset), a mounted one mounted, a suspended one still suspended.
 */
import { restartContainer } from '../world/scenarios';
import { destroySource, moveContainer, type MigrationPlan, type MigrationRun } from './vzmigrate-run';
import { vzctlSays } from './vzmigrate-steps';

export async function offlineMigrate(run: MigrationRun, plan: MigrationPlan): Promise<number> {
  const { host, ctId, out, debug, shown, wait } = run;
  const { ct, dst, t, ...s } = plan;
  if (s.running) {
    if (!s.ploop) {
      out('Stopping container');
      shown(vzctlSays.stop());
    } else {
      out('Copying top ploop delta with CT stop');
      out(`Trying port ${1024 + (ctId % 31744)}`);
      shown(vzctlSays.stop());
    }
    ct.status = 'stopped';
    ct.laverage = [0, 0, 0];
    await wait(t.stop + (s.ploop ? t.pcopy : 0));
    if (s.ploop) {
      out('Unmounting container');
      shown(vzctlSays.umount());
    }
  } else if (s.mounted) {
    out('Unmounting container');
    shown(vzctlSays.umount());
    ct.status = 'stopped';
  }
  if (s.running && !s.ploop) {
    debug('Syncing private (2nd pass)');
    await wait(t.rsync2);
  }
  if (!s.ploop) {
    out('Syncing 2nd level quota');
    debug('Dumping 2nd level quota');
    debug('Copying 2nd level quota');
    debug('Loading 2nd level quota');
    await wait(t.quota2);
  }
  if (s.running) {
    out('Starting container');
    shown(vzctlSays.start(ct));
    await wait(t.start);
    host!.tick();
    dst.tick();
    moveContainer(host!, dst, ct);
    restartContainer(dst.model, ct);
  } else {
    moveContainer(host!, dst, ct);
    if (s.mounted) {
      out('Mounting container');
      shown(vzctlSays.mount());
      ct.status = 'mounted';
    } else if (!s.ploop) out('Turning quota off');
    if (s.suspended) ct.status = 'suspended';
  }
  out('Cleaning up');
  await wait(t.cleanup);
  destroySource(run);
  return 0;
}
