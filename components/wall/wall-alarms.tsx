'use client';

import { SEVERITY_LOOK } from '@/components/alarms/severity-look';
import type { WallIncidents } from '@/trpc/types';
import { moreOpenText, openForText, takenText } from './wall-alarm-text';

const TONE = { bad: 'wall-bad', warn: 'wall-warn', neutral: 'wall-unknown' } as const;

/**
 * The worst open incidents above the tiles, critical first then oldest (the server's order), in
 * big type. Nothing is drawn while none is open, so a calm fleet keeps its whole screen for tiles.
 */
export function WallAlarms({ data, nowMs }: { data: WallIncidents | undefined; nowMs: number }) {
  if (!data || data.incidents.length === 0) return null;
  const more = moreOpenText(data.open, data.incidents.length);
  return (
    <section className="wall-alarms" aria-label="Open alarms, worst first">
      <ol className="wall-alarm-list">
        {data.incidents.map((i) => {
          const look = SEVERITY_LOOK[i.severity];
          const taken = takenText(i);
          return (
            <li key={i.id} className={`wall-alarm ${TONE[look.tone]}`} data-severity={i.severity}>
              <span className="wall-alarm-sev">
                <span aria-hidden="true">{look.icon}</span> {look.label}
              </span>
              <span className="wall-alarm-title">{i.title}</span>
              <span className="wall-alarm-since">{openForText(i.openedAt.getTime(), nowMs)}</span>
              {taken ? <span className="wall-alarm-taken">{taken}</span> : null}
            </li>
          );
        })}
      </ol>
      {more ? <p className="wall-alarm-more">{more}</p> : null}
    </section>
  );
}
