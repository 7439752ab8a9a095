/**
 * Every part of a page that fetches but is drawn first without its data: the header's counters
 * and live badge, and the feeds behind the fleet overview and the wall. They load with next/dynamic
 * after the page's first paint, all from this one module, so they arrive in one chunk: imported
 * one by one, each brought its own copy of react-query's observer (~3 kB compressed apiece).
 */
export { AlarmsNavLink } from '@/components/alarms/alarms-nav-link';
export { OverviewFeed } from '@/components/fleet/overview-feed';
export { LiveIndicator } from '@/components/live/live-indicator';
export { DemoBadge } from '@/components/shell/demo-badge';
export { WallFeed } from '@/components/wall/wall-feed';
