// The root README's client component, as printed (global-setup.ts writes captions.tsx from the README).
import { Captions } from './captions';

export default function Page() {
  return <Captions />;
}
