/** A barrier or limit: null is the kernel's LONG_MAX, i.e. unlimited. */
export function LimitText({ value, format = String }: { value: number | null; format?: (n: number) => string }) {
  if (value === null) {
    return (
      <span title="unlimited">
        ∞<span className="visually-hidden"> unlimited</span>
      </span>
    );
  }
  return <>{format(value)}</>;
}
