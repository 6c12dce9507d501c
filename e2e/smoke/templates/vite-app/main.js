import { mountCaptions } from '../common/captions.js';

// The default: the package's own worklet file, which Vite emits as an asset.
mountCaptions();
