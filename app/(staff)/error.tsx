'use client';

import Link from 'next/link';

/** A rendering error inside a staff page: say what happened and offer a way on, never a blank page. */
export default function StaffError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-bad" role="alert">
      <h1 className="alert-title">This page failed to render</h1>
      <p>{message}</p>
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>{' '}
        <Link href="/">Back to the fleet</Link>
      </p>
    </div>
  );
}
