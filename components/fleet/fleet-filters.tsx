'use client';

import { SearchBox } from '@/components/ui/search-box';
import type { LevelFilter, OverviewParams } from './overview-params';

const LEVEL_OPTIONS: { value: LevelFilter; label: string }[] = [
  { value: '', label: 'All nodes' },
  { value: 'problems', label: 'Problems and warnings' },
  { value: 'bad', label: '✕ Problems only' },
  { value: 'warn', label: '▲ Warnings only' },
  { value: 'ok', label: '✓ OK only' },
  { value: 'stale', label: 'Stale data' },
  { value: 'unknown', label: '○ Not polled yet' },
];

interface Props {
  params: OverviewParams;
  facets: { locations: string[]; tags: string[] };
  onChange: (patch: Partial<OverviewParams>) => void;
  shown: number;
  total: number;
}

/** Search and filters of the overview; every choice lands in the URL. */
export function FleetFilters({ params, facets, onChange, shown, total }: Props) {
  const filtered = params.q || params.level || params.location || params.tag;
  return (
    <div className="filters" role="search" aria-label="Filter the fleet">
      <SearchBox id="fleet-q" label="Search nodes" value={params.q} onChange={(q) => onChange({ q })} placeholder="name, location or tag" />
      <div className="filter">
        <label htmlFor="fleet-level">Health</label>
        <select id="fleet-level" value={params.level} onChange={(e) => onChange({ level: e.target.value as LevelFilter })}>
          {LEVEL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="fleet-location">Location</label>
        <select id="fleet-location" value={params.location} onChange={(e) => onChange({ location: e.target.value })}>
          <option value="">All locations</option>
          {facets.locations.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="fleet-tag">Tag</label>
        <select id="fleet-tag" value={params.tag} onChange={(e) => onChange({ tag: e.target.value })}>
          <option value="">All tags</option>
          {facets.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <p className="filter-count muted small" aria-live="polite">
        {shown} of {total} nodes
        {filtered ? (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={() => onChange({ q: '', level: '', location: '', tag: '' })}>
              clear filters
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}
