'use client';

import { DeferredSelect } from '@/components/ui/deferred-select';
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
        <DeferredSelect id="fleet-level" value={params.level} options={LEVEL_OPTIONS} onChange={(level) => onChange({ level })} />
      </div>
      <div className="filter">
        <label htmlFor="fleet-location">Location</label>
        <DeferredSelect id="fleet-location" value={params.location} options={[{ value: '', label: 'All locations' }, ...facets.locations.map((l) => ({ value: l, label: l }))]} onChange={(location) => onChange({ location })} />
      </div>
      <div className="filter">
        <label htmlFor="fleet-tag">Tag</label>
        <DeferredSelect id="fleet-tag" value={params.tag} options={[{ value: '', label: 'All tags' }, ...facets.tags.map((t) => ({ value: t, label: t }))]} onChange={(tag) => onChange({ tag })} />
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
