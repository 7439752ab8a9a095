import { errorMessageOf, type ErrorLike } from '@/trpc/domain-error';

/** A failed query or action, in the domain's own words, with a way to try again. */
export function ErrorPanel({ title, error, onRetry }: { title: string; error: ErrorLike; onRetry?: () => void }) {
  return (
    <div className="alert alert-bad" role="alert">
      <p className="alert-title">{title}</p>
      <p>{errorMessageOf(error)}</p>
      {error.data?.domain?.line ? <pre className="offending-line">{error.data.domain.line}</pre> : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
