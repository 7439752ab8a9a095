import { describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { ctIdOfParam } from '../../components/format/route-params';
import { HOST_CT_ID, isCtId, isCtOrHostId } from '../../vocabulary/ct-id';
import { parseSeriesKey } from '../../vocabulary/series-key';
import { buildVzmigrate, buildVzquotaStat } from '../ssh/commands';
import { refusedAsInput, useHostileFixture } from './test-hostile-fixture';
import { buildPrlctlMigrate } from '../ssh/prlctl-migrate-command';

/**
 * One table of CT ids, and every place that takes one from outside: the route segment, the
 * router inputs, the series keys and the command builders. They must all give the same answer,
 * which is the vocabulary's (vocabulary/ct-id.ts): containers are a number or an OpenVZ 7 UUID;
 * "0" is the node itself, shown in beancounter views but never given to a command.
 */
const CONTAINERS = ['1', '101', '2147483647', '9999999999', '8f1c2e4a-1b2c-4d5e-8f9a-0123456789ab'];
const NOT_IDS = [
  '', '00', '0101', '-1', '1e9', '1.5', ' 101', '101 ', '101\n', '101\u0000', '１０１', '12345678901',
  '101; rm -rf /', '$(reboot)', '`id`', '--help', 'abc', 'ct101', '../101', '101/numproc',
  '8F1C2E4A-1B2C-4D5E-8F9A-0123456789AB', '8f1c2e4a1b2c4d5e8f9a0123456789ab', '8f1c2e4a-1b2c-4d5e-8f9a-0123456789ab0', '-8f1c2e4a-1b2c-4d5e-8f9a-0123456789ab',
];

const builds = (f: () => string) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe('the CT-id vocabulary', () => {
  it('takes numbers and UUIDs as containers, and 0 only as the node itself', () => {
    for (const id of CONTAINERS) expect([isCtId(id), isCtOrHostId(id)], id).toEqual([true, true]);
    expect([isCtId(HOST_CT_ID), isCtOrHostId(HOST_CT_ID)]).toEqual([false, true]);
    for (const id of NOT_IDS) expect([isCtId(id), isCtOrHostId(id)], JSON.stringify(id)).toEqual([false, false]);
  });

  it('route segments, series keys and command builders agree with it', () => {
    for (const id of [...CONTAINERS, HOST_CT_ID, ...NOT_IDS]) {
      const label = JSON.stringify(id);
      expect(ctIdOfParam(id) !== null, `route ${label}`).toBe(isCtOrHostId(id));
      expect(parseSeriesKey(`ct/${id}/numproc`) !== null, `series ${label}`).toBe(isCtOrHostId(id));
      expect(parseSeriesKey(`ct/${id}/@allocCommit`) !== null, `derived series ${label}`).toBe(isCtOrHostId(id));
      expect(builds(() => buildVzquotaStat(id)), `vzquota ${label}`).toBe(isCtId(id));
      expect(builds(() => buildVzmigrate({ targetHost: 'node2', targetPort: 22, ctId: id, online: true })), `vzmigrate ${label}`).toBe(isCtId(id));
      expect(builds(() => buildPrlctlMigrate({ targetHost: 'node2', targetPort: 22, ctId: id })), `prlctl migrate ${label}`).toBe(isCtId(id));
    }
  });
});

describe.each(TEST_ENGINES)('router inputs agree with the CT-id vocabulary on %s', (engine) => {
  const fx = useHostileFixture(engine, 'ct-ids');

  it('beancounter views take containers and the node; migrations take containers only', async () => {
    const { caller, nodeId } = fx;
    for (const id of [...CONTAINERS, HOST_CT_ID, ...NOT_IDS]) {
      const label = JSON.stringify(id);
      expect(await refusedAsInput(() => caller.container.byId({ nodeId, ctId: id })), `container.byId ${label}`).toBe(!isCtOrHostId(id));
      expect(await refusedAsInput(() => caller.container.events({ nodeId, ctId: id })), `container.events ${label}`).toBe(!isCtOrHostId(id));
      expect(await refusedAsInput(() => caller.history.series({ nodeId, keys: [`ct/${id}/numproc`], range: '1h' })), `history.series ${label}`).toBe(!isCtOrHostId(id));
      expect(await refusedAsInput(() => caller.migration.targets({ ctId: id, nodeId })), `migration.targets ${label}`).toBe(!isCtId(id));
    }
  });
});
