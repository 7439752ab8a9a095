import { WallScreen } from '@/components/wall/wall-screen';

export default function WallPage() {
  return <WallScreen />;
}
