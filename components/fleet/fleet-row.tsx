import Link from 'next/link';
import { formatAge } from '@/components/format/age';
import { formatPercent, kibToGiBText } from '@/components/format/units';
import { HEALTH_LOOK } from '@/components/node/health';
import { LevelBadge } from '@/components/ui/level-badge';
import type { NodeHealth } from '@/vocabulary/node-health';
import type { FleetNode } from '@/trpc/types';

const pct = (share: number) => formatPercent(share * 100);
const Dash = () => <span className="muted">—</span>;

/**
 * One node of the overview table: level and why, data age, and the four commitment figures. Text
 * is built as one string where JSX would split it (`{a} / {b}` is three text nodes, each a layout
 * object): a screen of rows is most of the first frame's layout.
 */
export function FleetRow({ node, nowMs, rowIndex }: { node: FleetNode; nowMs: number; rowIndex?: number }) {
  const s = node.status;
  const look = HEALTH_LOOK[node.health as NodeHealth] ?? HEALTH_LOOK['never-polled'];
  const f = node.failures;
  return (
    <tr data-level={s.level} aria-rowindex={rowIndex}>
      <th scope="row">
        <Link href={`/nodes/${node.id}`} prefetch={false}>
          {node.name}
        </Link>
        <div className="small muted">
          {node.location}
          {node.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </div>
      </th>
      <td>
        <LevelBadge level={s.level} />
        <div className="small">{s.headline === 'ok' ? <span className="muted">{look.label}</span> : s.headline}</div>
        {s.stale && node.lastErrorText ? (
          <div className="small muted row-error" title={node.lastErrorLine ? `${node.lastErrorText}\n${node.lastErrorLine}` : node.lastErrorText}>
            {node.lastErrorText}
          </div>
        ) : null}
      </td>
      <td className={s.stale ? 'num data-old' : 'num'}>
        {node.collectedAtMs === null ? (
          <span className="muted">never</span>
        ) : (
          <time dateTime={new Date(node.collectedAtMs).toISOString()} title={new Date(node.collectedAtMs).toLocaleString()}>
            {s.stale ? <span aria-hidden="true">⚠ </span> : null}
            {formatAge(new Date(node.collectedAtMs), nowMs)}
          </time>
        )}
      </td>
      <td className="num">{`${node.cts.running} / ${node.cts.total}`}</td>
      <td className="num">
        {node.memory ? (
          <>
            <span title={node.memory.model === 'vzoversell' ? 'vzoversell: Σ RAM + swap limits / RAM + swap (VSwap node)' : 'vzmemcheck Summary: alloc commit'}>
              {pct(node.memory.commitment)}
              {node.memory.model === 'vzoversell' ? <sup className="small"> VSwap</sup> : null}
            </span>
            <span className="human" title="vzmemcheck alloc util: allocated memory / RAM + swap">
              {`alloc util ${pct(node.memory.allocUtil)}`}
            </span>
            <span className="human" title="vzmemcheck memswap util: RAM + swap in use">
              {`in use ${pct(node.memory.memswapUtil)}`}
            </span>
          </>
        ) : (
          <Dash />
        )}
      </td>
      <td className="num">{node.cpu ? <span title={`${node.cpu.utilization} of ${node.cpu.nodePower} units`}>{pct(node.cpu.committed)}</span> : <Dash />}</td>
      <td className="num">
        {node.disk?.share != null ? (
          <span title={`${kibToGiBText(node.disk.usedKb)} of ${kibToGiBText(node.disk.hardKb)}`}>{pct(node.disk.share)}</span>
        ) : (
          <Dash />
        )}
      </td>
      <td className="num">
        {f.events1h > 0 ? (
          <>
            <strong className="failcnt">
              <span aria-hidden="true">⚠ </span>
              {f.refusals1h}
            </strong>
            <span className="human">
              {`${f.containers1h} CT${f.containers1h === 1 ? '' : 's'}, ${f.events1h} jump${f.events1h === 1 ? '' : 's'}`}
            </span>
          </>
        ) : (
          '0'
        )}
      </td>
    </tr>
  );
}
