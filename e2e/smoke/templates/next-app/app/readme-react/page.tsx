// @earshot/react's README quick start, as printed (global-setup.ts writes captions.tsx from that README).
import { Captions } from './captions';

export default function Page() {
  return <Captions />;
}
