'use client';

import { formatAge } from '@/components/format/age';
import { useNow } from './use-now';

/** "5 min ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ at, prefix = '' }: { at: Date; prefix?: string }) {
  const now = useNow();
  return (
    <time dateTime={at.toISOString()} title={at.toLocaleString()}>
      {prefix}
      {formatAge(at, Math.max(now, Date.now()))}
    </time>
  );
}
