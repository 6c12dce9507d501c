// @earshot/react's README useHandsFree component — the very file the Next app runs (global-setup.ts writes it from
// that README) — on Vite's dev server, that is under React's development build, which reports what production
// builds do not (two children with the same key, say) as console errors.
import { createRoot } from 'react-dom/client';
import { HandsFreeCaptions } from '../next-app/app/readme-hands-free/hands-free';

createRoot(document.getElementById('root')!).render(<HandsFreeCaptions />);
