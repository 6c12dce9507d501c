import { mountCaptions } from '../../common/captions.js';

// The client README's "webpack 5, by import" row.
mountCaptions({ workletUrl: new URL('@earshot/client/worklet', import.meta.url) });
