import { formatPercent } from '@/components/format/units';
import { LEVEL_LOOK } from '@/components/ui/level-badge';
import type { FleetNode } from '@/trpc/types';
import { ageText } from './wall-pages';

const pct = (share: number) => formatPercent(share * 100);

/** One node on the wall: colour, symbol and word for its level, why, and its key figures. */
export function WallTile({ node, nowMs }: { node: FleetNode; nowMs: number }) {
  const s = node.status;
  const look = LEVEL_LOOK[s.level];
  const figures = [
    node.memory ? `mem ${pct(node.memory.commitment)}` : null,
    node.cpu ? `cpu ${pct(node.cpu.committed)}` : null,
    node.failures.containers1h > 0 ? `${node.failures.containers1h} CT failing` : null,
  ].filter(Boolean);
  return (
    <li className={`wall-tile wall-${s.level}`} data-level={s.level} aria-label={`${node.name}: ${look.label}, ${s.headline}`}>
      <div className="wall-tile-head">
        <span className="wall-icon" aria-hidden="true">
          {look.icon}
        </span>
        <span className="wall-name">{node.name}</span>
      </div>
      <div className="wall-headline">{s.level === 'ok' ? 'OK' : s.headline}</div>
      <div className="wall-figures">
        {s.stale && node.collectedAtMs !== null ? `data ${ageText(nowMs - node.collectedAtMs)} old` : figures.join(' · ')}
      </div>
    </li>
  );
}
