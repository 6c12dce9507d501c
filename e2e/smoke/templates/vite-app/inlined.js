// The mistake the client README warns about: plain `?url` makes Vite inline the small worklet as a data: URL,
// which `script-src 'self'` refuses. The error must say so briefly, without printing the URL.
import workletUrl from '@earshot/client/worklet?url';
import { mountCaptions } from '../shared/captions.js';

mountCaptions({ workletUrl });
