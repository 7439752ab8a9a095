'use client';

/** Last resort when even the root layout failed; plain markup, as the app's styles may not be loaded. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <title>vzfleet — error</title>
        <h1>vzfleet could not render this page</h1>
        <p>{message}</p>
        <button type="button" onClick={() => retry()}>
          Try again
        </button>
      </body>
    </html>
  );
}
