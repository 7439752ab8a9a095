interface SortHeaderProps<K extends string> {
  label: React.ReactNode;
  sortKey: K;
  sort: { key: K; dir: 'asc' | 'desc' };
  onSort: (key: K) => void;
  numeric?: boolean;
  title?: string;
}

/** A column header that sorts the table; the current order is announced with aria-sort. */
export function SortHeader<K extends string>({ label, sortKey, sort, onSort, numeric, title }: SortHeaderProps<K>) {
  const active = sort.key === sortKey;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? 'num' : undefined} title={title}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
