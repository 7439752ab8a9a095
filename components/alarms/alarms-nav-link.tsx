'use client';

import { useQuery } from '@tanstack/react-query';
import { NavLink } from '@/components/shell/nav-link';
import { useTRPC } from '@/trpc/client';
import { withData } from '@/trpc/with-data';
import { unacknowledgedText } from './unacknowledged-text';

/**
 * "Alarms" in the header with the number of open incidents nobody has taken yet. It follows the
 * fleet's change stream like every visible query (components/live), and polls as a fallback.
 */
export const AlarmsNavLink = withData(function AlarmsNavLink() {
  const trpc = useTRPC();
  const count = useQuery(trpc.alarm.unacknowledged.queryOptions(undefined, { refetchInterval: 15_000 }));
  const c = count.data;
  const text = c ? unacknowledgedText(c) : null;
  return (
    <NavLink href="/alarms?state=open" path="/alarms">
      Alarms
      {c && c.total > 0 ? (
        <>
          <span className={`nav-count ${c.critical > 0 ? 'tone-bad' : 'tone-warn'}`} aria-hidden="true" title={text ?? undefined} data-testid="alarm-count">
            {c.total}
          </span>
          <span className="visually-hidden">: {text}</span>
        </>
      ) : null}
    </NavLink>
  );
});
