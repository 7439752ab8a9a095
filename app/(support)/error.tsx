'use client';

/** A rendering error on the support desk: say so and offer to try again, never a blank page. */
export default function SupportError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-bad" role="alert">
      <h1 className="alert-title">The lookup failed to render</h1>
      <p>{message}</p>
      <button type="button" className="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
