import { LimitText } from '@/components/ui/limit-text';
import { humanValue } from './beancounter-view';

/** The kernel's number, and under it the same value in MiB/KiB when the resource is pages or bytes. */
export function BeancounterValue({ resource, value }: { resource: string; value: number | null }) {
  if (value === null) return <LimitText value={null} />;
  const human = humanValue(resource, value);
  return (
    <>
      <span className="raw">{value}</span>
      {human ? <span className="human">{human}</span> : null}
    </>
  );
}
