/** @earshot/server — the temporary-token endpoint that keeps the AssemblyAI API key on the server. */
export {
  createTemporaryToken,
  TokenMintError,
  TOKEN_BASE_URLS,
  type CreateTemporaryTokenOptions,
  type TemporaryToken,
  type TokenRegion,
} from './create-temporary-token.js';
export {
  createTokenHandler,
  type TokenHandler,
  type TokenHandlerOptions,
  type TokenRequestContext,
  type TokenEndpointFailure,
  type TokenErrorCode,
  type RateLimitOptions,
} from './token-handler.js';
export type { RequestGuardOptions } from './request-guard.js';
export { MemoryRateLimitStore, type RateLimitStore, type RateLimitDecision, type TokenBucketOptions } from './rate-limit.js';
export { toNodeHandler, type NodeHandler } from './node-handler.js';
export { clientKey } from './client-key.js';
