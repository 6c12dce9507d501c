// A Next.js-style route module: the README's own line, loaded as a bundler would at build time.
import { createTokenHandler } from '../../dist/index.js';

export const GET = createTokenHandler();
