import { readFleetOverview, readWallIncidents } from '@/app/page-data';
import { wallHead } from '@/components/wall/wall-head';
import { WallScreen } from '@/components/wall/wall-screen';

/** Only the first picture (the worst tiles, the status bar's figures, the worst alarms) comes with the page. */
export default async function WallPage() {
  const [data, alarms] = await Promise.all([readFleetOverview(), readWallIncidents()]);
  return <WallScreen head={data ? wallHead(data) : null} headAlarms={alarms} />;
}
