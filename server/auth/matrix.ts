import type { Role } from './roles';

const READERS = ['admin', 'operator', 'support'] as const;

/**
 * The authorisation matrix: every tRPC procedure and the roles allowed to call it. The test in
 * server/api/authorization-matrix.test.ts fails when a procedure is missing here, when its declared
 * roles differ, and when any role gets through where this table says no.
 *   admin    users, inventory, SSH credentials, settings, alarm channels and delivery log
 *   operator migrations (start, cancel, plans), maintenance, collect now, acknowledge and silence
 *            alarms; reads everything
 *   support  read-only, lookup
 *   wall     the wall view only (fleet overview, its change stream, the worst open alarms)
 */
export const AUTHORIZATION_MATRIX: Record<string, readonly Role[]> = {
  'node.list': READERS,
  'node.byId': READERS,
  'node.charts': READERS,
  'node.create': ['admin'],
  'node.update': ['admin'],
  'node.remove': ['admin'],
  'node.testConnect': ['admin'],
  'node.acceptHostKey': ['admin'],
  'node.collectNow': ['admin', 'operator'],
  'node.capacity': READERS,
  'node.setCapacity': ['admin'],
  'container.listByNode': READERS,
  'container.byId': READERS,
  'container.events': READERS,
  'fleet.overview': [...READERS, 'wall'],
  'fleet.failing': READERS,
  'fleet.onChange': [...READERS, 'wall'],
  'history.series': READERS,
  'lookup.search': READERS,
  'user.list': ['admin'],
  'user.create': ['admin'],
  'user.setRole': ['admin'],
  'user.revokeSessions': ['admin'],
  'user.remove': ['admin'],
  'kiosk.list': ['admin'],
  'kiosk.create': ['admin'],
  'kiosk.revoke': ['admin'],
  'audit.list': ['admin'],
  'audit.anonymous': ['admin'],
  'security.settings': ['admin'],
  'security.update': ['admin'],
  'security.metricsAccess': ['admin'],
  'security.generateMetricsToken': ['admin'],
  'security.setMetricsOpen': ['admin'],
  'account.me': [...READERS, 'wall'],
  'system.info': READERS,
  'migration.targets': ['admin', 'operator'],
  'migration.precheck': ['admin', 'operator'],
  'migration.start': ['admin', 'operator'],
  'migration.cancel': ['admin', 'operator'],
  'migration.byId': READERS,
  'migration.list': READERS,
  'migration.onProgress': READERS,
  'migration.maintenance': READERS,
  'migration.setMaintenance': ['admin', 'operator'],
  'migration.planEvacuation': ['admin', 'operator'],
  'migration.planRebalance': ['admin', 'operator'],
  'migration.approvePlan': ['admin', 'operator'],
  'migration.setPlanStatus': ['admin', 'operator'],
  'migration.plans': READERS,
  'alarm.list': READERS,
  'alarm.byId': READERS,
  'alarm.count': READERS,
  'alarm.unacknowledged': READERS,
  // The wall's own, narrow read: severity, title, node, CT id, since when — nothing a person wrote.
  'alarm.wallWorst': [...READERS, 'wall'],
  'alarm.acknowledge': ['admin', 'operator'],
  'alarm.silence': ['admin', 'operator'],
  'alarm.unsilence': ['admin', 'operator'],
  'alarm.channels': ['admin'],
  'alarm.createChannel': ['admin'],
  'alarm.updateChannel': ['admin'],
  'alarm.removeChannel': ['admin'],
  'alarm.testChannel': ['admin'],
  'alarm.deliveries': ['admin'],
  'alarm.settings': ['admin'],
  'alarm.updateSettings': ['admin'],
};
