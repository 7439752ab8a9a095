/**
 * A live migration after the first copy: the CT suspended and dumped (for ploop, the top delta
 * copied with the CT suspended), the dump copied, a second rsync and the 2nd level quota (simfs),
 * undumped and resumed on the destination with its beancounters and failcnt as they were.
 * With -t, the script's timing block of the suspended time.
 */
import { destroySource, moveContainer, type MigrationPlan, type MigrationRun } from './vzmigrate-run';
import { timingBlock, vzctlSays } from './vzmigrate-steps';

export async function liveMigrate(run: MigrationRun, plan: MigrationPlan): Promise<number> {
  const { o, host, ctId, out, debug, shown, wait } = run;
  const { ct, dst, t } = plan;
  const ploop = ct.layout === 'ploop';
  out('Live migrating container...');
  let pcopy = 0;
  if (!ploop) {
    debug('Suspending container');
    shown(vzctlSays.suspend());
    await wait(t.suspend);
  } else {
    debug('Copying top ploop delta with CT suspend');
    out(`Trying port ${1024 + (ctId % 31744)}`);
    shown(vzctlSays.suspend());
    pcopy = t.pcopy;
    await wait(t.pcopy + t.suspend);
  }
  debug('Dumping container');
  shown(vzctlSays.dump());
  await wait(t.dump);
  debug('Copying dumpfile');
  await wait(t.copyDump);
  if (!ploop) {
    debug('Syncing private (2nd pass)');
    await wait(t.rsync2);
    out('Syncing 2nd level quota');
    debug('Dumping 2nd level quota');
    debug('Copying 2nd level quota');
    debug('Loading 2nd level quota');
    await wait(t.quota2);
  }
  debug('Undumping container');
  shown(vzctlSays.undump(ct));
  await wait(t.undump);
  debug('Resuming container');
  shown(vzctlSays.resume());
  await wait(t.resume);
  // Resumed on the destination: the same CT, its beancounters and failcnt as they were.
  host!.tick();
  dst.tick();
  moveContainer(host!, dst, ct);
  if (o.times) {
    const steps: [string, number][] = ploop
      ? [['Suspend + Dump', t.suspend + t.dump], ['Pcopy after suspend', pcopy], ['Copy dump file', t.copyDump], ['Undump + Resume', t.undump + t.resume]]
      : [['Suspend + Dump', t.suspend + t.dump], ['Copy dump file', t.copyDump], ['Second rsync', t.rsync2], ['2nd level quota', t.quota2], ['Undump + Resume', t.undump + t.resume]];
    run.io.write(1, timingBlock(steps, steps.reduce((s, [, v]) => s + v, 0)));
  }
  out('Cleaning up');
  debug('Killing container');
  shown([...vzctlSays.kill(), ...vzctlSays.umount()]);
  debug('Removing dumpfiles');
  await wait(t.cleanup);
  destroySource(run);
  return 0;
}
