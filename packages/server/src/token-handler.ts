import { checkDurations, createTemporaryToken, TokenMintError, type TokenRegion } from './create-temporary-token.js';
import { clientKey } from './client-key.js';
import { MemoryRateLimitStore, type RateLimitStore, type TokenBucketOptions } from './rate-limit.js';
import { redactSecrets } from './redact.js';
import { guardRequest, type GuardVerdict, type RequestGuardOptions } from './request-guard.js';

/**
 * The `code` of every error body the endpoint answers (`{ "error": "…", "code": "…" }`): stable identifiers to
 * branch on, lowercase words joined by underscores — a shape no API key (32 hex characters) or temporary token
 * (thousands of characters) has, so `@earshot/client` may quote it in its error message.
 */
export type TokenErrorCode =
  | Extract<GuardVerdict, { ok: false }>['code']
  | 'method_not_allowed'
  | 'malformed_request'
  | 'missing_api_key'
  | 'rate_limited'
  | 'not_authorized'
  | 'upstream_unauthorized'
  | 'upstream_rate_limited'
  | 'upstream_unreachable'
  | 'upstream_failed'
  | 'internal_error';

/** Why the endpoint could not give a token, for {@link TokenHandlerOptions.onError}. */
export interface TokenEndpointFailure {
  /**
   * `missing_api_key`: no key on the server (answered 500); `mint_failed`: the token service failed (502);
   * `authorize_threw`: your `authorize` threw (401); `internal`: anything else (500).
   */
  reason: 'missing_api_key' | 'mint_failed' | 'authorize_threw' | 'internal';
  /** One line, safe to log: never the key, never an upstream body beyond its masked `error`/`detail`. */
  message: string;
  /** The token service's HTTP status, when it answered. */
  upstreamStatus?: number;
  /** The error thrown, for your own reporting (a {@link TokenMintError} for `mint_failed`). */
  error?: unknown;
}

/** Options of the built-in rate limit: a token bucket per client. */
export interface RateLimitOptions extends TokenBucketOptions {
  /**
   * The client a request counts against. Default: the peer address (`toNodeHandler`, or `context.clientAddress`),
   * with `trustProxy` the last `X-Forwarded-For` entry, IPv6 addresses by their /64 prefix and IPv4-mapped ones as
   * IPv4 (see {@link clientKey}); requests with neither share one bucket. `clientAddress` is the address as seen.
   */
  key?: (request: Request, clientAddress: string | undefined) => string;
  /** Your own store (Redis, your platform's limiter). Default: in memory, this process only. */
  store?: RateLimitStore;
}

/** Options of {@link createTokenHandler}. */
export interface TokenHandlerOptions extends RequestGuardOptions {
  /** Your AssemblyAI API key. Default: `process.env.ASSEMBLYAI_API_KEY`, read on each request (not at import). */
  apiKey?: string;
  /** Seconds the token stays redeemable, 1–600. Default 60. */
  expiresInSeconds?: number;
  /** Cap on each session's length in seconds, 60–10800. Default: the service's (3 hours). */
  maxSessionDurationSeconds?: number;
  /** Data zone of the token service. Default `edge`. */
  region?: TokenRegion;
  /** Any token service base URL (the emulator's, for tests and local development). */
  baseUrl?: string;
  /** Decides whether a request may have a token (check your session cookie here). False or a throw → 401. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Tokens per client: `{ burst: 10, perMinute: 10 }` by default, answered 429 + `Retry-After` past it; `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Told why a token could not be given. Default: one `console.error` line (`message`). */
  onError?: (failure: TokenEndpointFailure) => void;
  /** Milliseconds to wait for the token service. Default 10 000. */
  timeoutMs?: number;
  /** A fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** What a host may pass beside the request: the peer address for the rate limit. Other fields are ignored. */
export interface TokenRequestContext {
  /** The client's IP address as the socket saw it. */
  clientAddress?: string;
  [key: string]: unknown;
}

/** A fetch-style request handler: Next.js route handlers, Hono, Deno, workers. Never throws. */
export type TokenHandler = (request: Request, context?: TokenRequestContext) => Promise<Response>;

const json = (status: number, body: { token: string; expiresInSeconds: number } | { error: string; code: TokenErrorCode }, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

const defaultOnError = (failure: TokenEndpointFailure) => console.error(`@earshot/server: ${failure.message}`);

/**
 * The token endpoint your browser app calls (`new Transcriber({ token: '/api/token' })`). Answers `GET` or
 * `POST` with `{ token, expiresInSeconds }`, `Cache-Control: no-store`; refuses other sites' requests (403),
 * floods (429), and says 500/502 when it cannot mint. Durations are checked at construction (RangeError);
 * the key is read per request, so a module that creates the handler loads without it.
 *
 * @example
 * // app/api/token/route.ts (Next.js)
 * export const GET = createTokenHandler({ authorize: (req) => isSignedIn(req) });
 */
export function createTokenHandler(options: TokenHandlerOptions = {}): TokenHandler {
  const expiresInSeconds = options.expiresInSeconds ?? 60;
  checkDurations(expiresInSeconds, options.maxSessionDurationSeconds);
  const limit = options.rateLimit === false ? undefined : options.rateLimit ?? {};
  const store = limit ? limit.store ?? new MemoryRateLimitStore(limit) : undefined;
  let warnedNoAddress = false;
  const report = (failure: TokenEndpointFailure) => {
    try {
      (options.onError ?? defaultOnError)(failure);
    } catch {
      // A throwing hook must not turn a clear answer into a crash.
    }
  };

  const handle = async (request: Request, context: TokenRequestContext | undefined): Promise<Response> => {
    if (request.method === 'OPTIONS') {
      const verdict = guardRequest(request, options);
      return new Response(null, { status: 204, headers: { ...verdict.cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type, authorization' } });
    }
    if (request.method !== 'GET' && request.method !== 'POST') return json(405, { error: 'Use GET or POST', code: 'method_not_allowed' }, { allow: 'GET, POST, OPTIONS' });
    const verdict = guardRequest(request, options);
    if (!verdict.ok) return json(verdict.status, { error: verdict.error, code: verdict.code }, verdict.cors);
    const { cors } = verdict;
    // A server without a key can mint nothing: say so before counting the request against anyone's limit.
    const apiKey = currentKey(options);
    if (!apiKey) {
      report({ reason: 'missing_api_key', message: 'no API key: set ASSEMBLYAI_API_KEY in the server\'s environment (or pass apiKey)' });
      return json(500, { error: 'The token endpoint has no API key configured', code: 'missing_api_key' }, cors);
    }

    if (store && limit) {
      const peer = typeof context?.clientAddress === 'string' ? context.clientAddress : undefined;
      const forwarded = options.trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || undefined : undefined;
      const address = forwarded ?? peer;
      if (address === undefined && !limit.key && !warnedNoAddress) {
        warnedNoAddress = true;
        console.warn('@earshot/server: the rate limit sees no client address, so all requests share one bucket; behind a proxy set trustProxy, or give rateLimit.key');
      }
      const decision = await store.take(limit.key ? limit.key(request, address) : address === undefined ? 'unknown' : clientKey(address));
      if (!decision.allowed) {
        return json(429, { error: 'Too many token requests; try again later', code: 'rate_limited' }, { ...cors, 'retry-after': String(decision.retryAfterSeconds) });
      }
    }

    if (options.authorize) {
      let allowed: boolean;
      try {
        allowed = await options.authorize(request);
      } catch (err) {
        report({ reason: 'authorize_threw', message: `authorize() threw: ${redactSecrets(String((err as Error)?.message ?? err), currentKey(options))}`, error: err });
        allowed = false;
      }
      if (!allowed) return json(401, { error: 'Not authorized to request a token', code: 'not_authorized' }, cors);
    }

    try {
      const minted = await createTemporaryToken({
        apiKey,
        expiresInSeconds,
        ...(options.maxSessionDurationSeconds !== undefined ? { maxSessionDurationSeconds: options.maxSessionDurationSeconds } : {}),
        ...(options.region ? { region: options.region } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return json(200, { token: minted.token, expiresInSeconds: minted.expiresInSeconds }, cors);
    } catch (err) {
      const status = err instanceof TokenMintError ? err.status : undefined;
      const message = err instanceof TokenMintError ? err.message : redactSecrets(String((err as Error)?.message ?? err), apiKey);
      report({ reason: 'mint_failed', message: `could not mint a token: ${message}`, ...(status !== undefined ? { upstreamStatus: status } : {}), error: err });
      // The browser learns only that minting failed and the upstream status; the reason went to onError.
      const code = status === 401 || status === 403 ? 'upstream_unauthorized' : status === 429 ? 'upstream_rate_limited' : status === undefined ? 'upstream_unreachable' : 'upstream_failed';
      return json(502, { error: `Could not get a token from the speech service${status ? ` (upstream HTTP ${status})` : ''}`, code }, cors);
    }
  };

  return async (request, context) => {
    try {
      return await handle(request, context);
    } catch (err) {
      report({ reason: 'internal', message: `token endpoint failed: ${redactSecrets(String((err as Error)?.message ?? err), currentKey(options))}`, error: err });
      return json(500, { error: 'The token endpoint failed', code: 'internal_error' });
    }
  };
}

/** The key as configured now: the option, else the environment at the time of the request. */
function currentKey(options: TokenHandlerOptions): string | undefined {
  if (options.apiKey) return options.apiKey;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.ASSEMBLYAI_API_KEY || undefined;
}
