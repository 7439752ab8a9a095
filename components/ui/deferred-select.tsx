'use client';

import { useHydrated } from './use-hydrated';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

interface Props<V extends string> {
  id: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}

/**
 * A <select> that the browser builds once the page's scripts have run; the server's HTML carries a
 * stand-in showing the chosen option. A fresh renderer spends 40–120 ms on the first <select> of a
 * page (measured with bench/ui on the fleet overview), and until hydration a React-controlled
 * select could not act on a choice anyway.
 */
export function DeferredSelect<V extends string>({ id, value, options, onChange }: Props<V>) {
  const hydrated = useHydrated();
  if (!hydrated) {
    const chosen = options.find((o) => o.value === value) ?? options[0];
    return (
      <span className="select-stand-in" data-stand-in-for={id}>
        {chosen?.label ?? ''}
      </span>
    );
  }
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
