import { wireCaptions } from '../../common/captions.js';
// The root README's webpack recipe, as printed (global-setup.ts writes readme.js from the README): the
// Transcriber with `workletUrl: new URL('@earshot/client/worklet', import.meta.url)`.
import { transcriber } from './readme.js';

wireCaptions(transcriber);
