// @earshot/react's README useHandsFree component, as printed (global-setup.ts writes hands-free.tsx from that
// README); vad-web's assets are copied into public/earshot-vad/ by global-setup.ts, as the VAD README says.
import { HandsFreeCaptions } from './hands-free';

export default function Page() {
  return <HandsFreeCaptions />;
}
