import type { ContainerSort, ContainerSortKey } from './container-sort';

interface SortHeaderProps {
  label: string;
  sortKey: ContainerSortKey;
  sort: ContainerSort;
  onSort: (key: ContainerSortKey) => void;
  numeric?: boolean;
}

/** A column header that sorts the table; the current order is announced with aria-sort. */
export function SortHeader({ label, sortKey, sort, onSort, numeric }: SortHeaderProps) {
  const active = sort.key === sortKey;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? 'num' : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
