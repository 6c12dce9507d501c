/** @earshot/server — the temporary-token endpoint that keeps the AssemblyAI API key on the server. */
export {
  createTemporaryToken,
  TokenMintError,
  TOKEN_BASE_URLS,
  type CreateTemporaryTokenOptions,
  type TemporaryToken,
  type TokenRegion,
} from './create-temporary-token.js';
export { createTokenHandler, type TokenHandler, type TokenHandlerOptions } from './token-handler.js';
export { toNodeHandler, type NodeHandler } from './node-handler.js';
