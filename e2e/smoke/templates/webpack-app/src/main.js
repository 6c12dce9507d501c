import { mountCaptions } from '../../common/captions.js';

// The default: the package's own worklet file, which webpack emits as an asset.
mountCaptions();
