'use client';

import { useEffect } from 'react';

/**
 * Even a rendering error must not leave the TV on a dead screen: say so in big letters and try
 * again by itself every 15 seconds.
 */
export default function WallError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    const id = setInterval(() => retry(), 15_000);
    return () => clearInterval(id);
  }, [retry]);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="wall">
      <p className="wall-message" role="alert">
        The wall screen hit an error and retries by itself every 15 s.
        <br />
        <span className="wall-error-detail">{message}</span>
      </p>
    </div>
  );
}
