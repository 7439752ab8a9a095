import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { intArrayLiteral, selectRows } from '../../db/sql-rows';

export interface LeaseOptions {
  owner: string;
  /** How long a lease and a heartbeat stay valid without renewal (two poll intervals). */
  ttlMs: number;
}

interface Row {
  node_id: number;
}

/**
 * Where an instance that gives its leases back says so (NOTIFY, payload: its owner), so the others
 * claim its nodes at once (lease-signals.ts) instead of at their next round, up to 5 s later, by
 * when a third of its nodes' slots had passed.
 */
export const LEASES_RELEASED_CHANNEL = 'vzfleet_leases_released';

/**
 * One lease round at a time across instances (a transaction-scoped advisory lock): instances woken
 * together by a release would otherwise pick the same free nodes, and all but one would come away
 * with none of them until their next round.
 */
const LEASE_ROUND_LOCK = 0x76_7a_66_6c; // 'vzfl'

/**
 * One round of fleet sharing: heartbeat, renew own leases, take expired or unowned nodes up to a
 * fair share (nodes ÷ live instances, rounded up) and give back what exceeds it. Runs in one
 * transaction; SKIP LOCKED keeps two instances from waiting on — or taking — the same rows.
 * Returns the node ids this instance may poll until the next round.
 *
 * `giveBackFirst`: this instance's nodes in the order it would rather give them back (the scheduler
 * passes the ones it polled last first): a node handed over just after its poll leaves the taker
 * most of an interval to poll it on its next slot, so a rebalance skips no node's poll.
 */
export async function claimNodeLeases(db: Db, o: LeaseOptions, now: Date, giveBackFirst: readonly number[] = []): Promise<Set<number>> {
  const expires = new Date(now.getTime() + o.ttlMs);
  const cutoff = now.toISOString();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LEASE_ROUND_LOCK})`);
    await tx.execute(sql`insert into collector_instances (owner, heartbeat_at) values (${o.owner}, ${now.toISOString()})
      on conflict (owner) do update set heartbeat_at = excluded.heartbeat_at`);
    await tx.execute(sql`delete from collector_instances where heartbeat_at < ${new Date(now.getTime() - o.ttlMs).toISOString()}`);
    await tx.execute(sql`update node_leases set expires_at = ${expires.toISOString()} where owner = ${o.owner}`);

    const counts = (await selectRows<{ nodes: number; live: number; mine: number }>(tx, sql`select (select count(*) from nodes)::int as nodes,
        (select count(*) from collector_instances)::int as live,
        (select count(*) from node_leases where owner = ${o.owner})::int as mine`)
    )[0]!;
    const share = Math.ceil(counts.nodes / Math.max(1, counts.live));

    if (counts.mine < share) {
      // Nodes nobody holds, then leases that ran out: their owner stopped renewing.
      await tx.execute(sql`insert into node_leases (node_id, owner, expires_at)
        select n.id, ${o.owner}, ${expires.toISOString()} from nodes n
        where not exists (select 1 from node_leases l where l.node_id = n.id)
        order by n.id limit ${share - counts.mine}
        on conflict (node_id) do nothing`);
      const mine = (await selectRows<{ n: number }>(tx, sql`select count(*)::int as n from node_leases where owner = ${o.owner}`))[0]!.n;
      if (mine < share) {
        await tx.execute(sql`update node_leases set owner = ${o.owner}, expires_at = ${expires.toISOString()}
          where node_id in (select node_id from node_leases where expires_at < ${cutoff} and owner <> ${o.owner}
                            order by node_id limit ${share - mine} for update skip locked)`);
      }
    } else if (counts.mine > share) {
      // Give back the excess so a newly started instance gets its part.
      await tx.execute(sql`delete from node_leases where node_id in (
        select node_id from node_leases where owner = ${o.owner}
        order by array_position(${intArrayLiteral(giveBackFirst)}::int[], node_id) nulls last, node_id desc
        limit ${counts.mine - share} for update skip locked)`);
    }
    const held = await selectRows<Row>(tx, sql`select node_id from node_leases where owner = ${o.owner}`);
    return new Set(held.map((r) => r.node_id));
  });
}

/** Gives every lease of `owner` back and tells the other instances (LEASES_RELEASED_CHANNEL). */
export async function releaseNodeLeases(db: Db, owner: string): Promise<void> {
  await db.execute(sql`delete from node_leases where owner = ${owner}`);
  await db.execute(sql`delete from collector_instances where owner = ${owner}`);
  await db.execute(sql`select pg_notify(${LEASES_RELEASED_CHANNEL}, ${owner})`);
}
