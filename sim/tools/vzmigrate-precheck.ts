/**
 * vzmigrate's preliminary checks, in the script's order: the CT exists (and runs, for a live
 * migration), the destination answers ssh, both kernels can checkpoint (live), the CT is not on
 * the destination yet, and its IPs are free there. `--check-only` stops after this phase.
 */
import { findContainer } from '../world/model';
import { EXIT, type MigrationPlan, type MigrationRun } from './vzmigrate-run';
import { flood } from './vzmigrate-flood';
import { phaseSeconds } from './vzmigrate-steps';

/** The plan for the rest of the run, or the exit status the script stops with. */
export async function precheck(run: MigrationRun): Promise<MigrationPlan | number> {
  const { o, host, model, veid, out, error, debug, shown, wait } = run;
  const ct = findContainer(model, veid);
  if (!ct) {
    error(`CT #${veid} doesn't exist`);
    return EXIT.noexist;
  }
  const running = ct.status === 'running';
  const mounted = running || ct.status === 'mounted';
  const suspended = ct.status === 'suspended';
  const ploop = ct.layout === 'ploop';
  if (o.online && !running) {
    error("Can't perform live migration of a stopped container");
    return EXIT.stopped;
  }
  out(`${o.checkOnly ? 'Checking' : 'Starting'} ${o.online ? 'live migration' : 'migration'} of CT ${veid} to ${o.dst}`);
  const t = phaseSeconds(ct, model.rng);
  await wait(t.ssh);
  // `ssh -o BatchMode=yes root@$host /bin/true`: the script itself adds the "root@".
  const found = o.dst.includes('@') || !host ? null : host.directory.resolve(o.dst, o.sshPort);
  const dst = found?.ok ? found.host : null;
  if (dst && (dst.fault === 'silent' || dst.fault === 'hang')) {
    await new Promise<never>((_, reject) => run.io.signal.addEventListener('abort', () => reject(run.io.signal.reason), { once: true }));
  }
  if (!dst || dst.fault === 'refuse' || dst.fault === 'auth-refused' || dst.fault === 'wrong-host-key') {
    error("Can't connect to destination address using public key");
    error('Please put your public key to destination node');
    return EXIT.cantConnect;
  }
  shown(['OpenVZ is running...']);
  if (host?.fault === 'migrate-flood' && !o.checkOnly) return flood(run.io);
  if (o.online) {
    if (!host!.cptLoaded || model.generation === 'vz7') {
      error('vzcpt module is not loaded on the source node');
      error("Can't continue live migration");
      return EXIT.notRunning;
    }
    if (!dst.cptLoaded || dst.model.generation === 'vz7') {
      error('vzrst module is not loaded on the destination node');
      error("Can't continue live migration");
      return EXIT.notRunning;
    }
  }
  dst.tick();
  if (findContainer(dst.model, veid)) {
    error(`CT #${veid} already exists on destination node`);
    return EXIT.exists;
  }
  if (o.online || suspended) {
    debug('Checking for CPT version compatibility');
    debug('Checking for CPU flags compatibility');
  }
  debug(`Loading /etc/vz/conf/${veid}.conf`);
  debug('Getting remote VE_ROOT and VE_PRIVATE');
  if (ploop) debug('Checking if ploop is supported on destination node');
  if (ct.ips.length > 0) {
    // The script echoes "$IP_ADDRESS " through sed, which leaves two trailing spaces.
    debug(`Checking IPs on destination node: ${ct.ips.join(' ')}  `);
    const inUse = new Set(dst.model.containers.filter((c) => c.status === 'running').flatMap((c) => c.ips));
    if (ct.ips.some((ip) => inUse.has(ip))) {
      error('IP address(es) already in use on destination node');
      return EXIT.ipInUse;
    }
  }
  await wait(t.ssh * 4);
  return { ct, dst, t, running, mounted, suspended, ploop };
}
