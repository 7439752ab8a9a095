'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `intervalMs` (the wall screen's seconds, a data age).
 * 0 until mounted: the server's render (possibly at build time) must match the first client one.
 */
export function useClock(intervalMs = 1000): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
