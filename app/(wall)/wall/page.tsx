import { readFleetOverview } from '@/app/page-data';
import { wallHead } from '@/components/wall/wall-head';
import { WallScreen } from '@/components/wall/wall-screen';

/** Only the first picture (the worst tiles and the status bar's figures) comes with the page. */
export default async function WallPage() {
  const data = await readFleetOverview();
  return <WallScreen head={data ? wallHead(data) : null} />;
}
