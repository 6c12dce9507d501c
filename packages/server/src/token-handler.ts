import { checkDurations, createTemporaryToken, type TokenRegion } from './create-temporary-token.js';

/** Options of {@link createTokenHandler}. */
export interface TokenHandlerOptions {
  /** Your AssemblyAI API key. Default: `process.env.ASSEMBLYAI_API_KEY`. Required one way or the other. */
  apiKey?: string;
  /** Seconds the token stays redeemable, 1–600. Default 60. */
  expiresInSeconds?: number;
  /** Cap on each session's length in seconds, 60–10800. Default: the service's (3 hours). */
  maxSessionDurationSeconds?: number;
  /** Data zone of the token service. Default `edge`. */
  region?: TokenRegion;
  /** Any token service base URL (the emulator's, for tests and local development). */
  baseUrl?: string;
  /** Decides whether a request may have a token (check your session cookie here). False → 401. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Origins allowed to call from a browser on another origin; `'*'` for any. Default: same-origin only. */
  allowedOrigins?: readonly string[] | '*';
  /** Milliseconds to wait for the token service. Default 10 000. */
  timeoutMs?: number;
  /** A fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** A fetch-style request handler: Next.js route handlers, Hono, Deno, workers. */
export type TokenHandler = (request: Request) => Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

/**
 * The token endpoint your browser app calls (`new Transcriber({ token: '/api/token' })`). Answers `GET` or
 * `POST` with `{ token, expiresInSeconds }`, `Cache-Control: no-store`. Checks its options at construction.
 *
 * @example
 * // app/api/token/route.ts (Next.js)
 * export const GET = createTokenHandler({ authorize: (req) => isSignedIn(req) });
 */
export function createTokenHandler(options: TokenHandlerOptions = {}): TokenHandler {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const apiKey = options.apiKey ?? env?.ASSEMBLYAI_API_KEY;
  if (!apiKey) {
    throw new Error('createTokenHandler: no API key. Set the ASSEMBLYAI_API_KEY environment variable on the server (or pass apiKey).');
  }
  const expiresInSeconds = options.expiresInSeconds ?? 60;
  checkDurations(expiresInSeconds, options.maxSessionDurationSeconds);
  const origins = options.allowedOrigins;

  return async (request: Request): Promise<Response> => {
    const origin = request.headers.get('origin');
    const cors: Record<string, string> = {};
    if (origin && origins && (origins === '*' || origins.includes(origin))) {
      cors['access-control-allow-origin'] = origin;
      cors.vary = 'Origin';
    }
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type, authorization' } });
    }
    if (request.method !== 'GET' && request.method !== 'POST') return json(405, { error: 'Use GET or POST' }, { allow: 'GET, POST' });
    if (origin && !cors['access-control-allow-origin'] && !sameOrigin(request, origin)) {
      return json(403, { error: `Origin ${origin} may not request tokens` });
    }
    try {
      if (options.authorize && !(await options.authorize(request))) return json(401, { error: 'Not authorized to request a token' }, cors);
    } catch {
      return json(401, { error: 'Not authorized to request a token' }, cors);
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
      // The browser learns only that minting failed; the details (never the key) are for the server's log.
      const status = (err as { status?: number }).status;
      return json(502, { error: `Could not get a token from the speech service${status ? ` (upstream HTTP ${status})` : ''}` }, cors);
    }
  };
}

function sameOrigin(request: Request, origin: string): boolean {
  try {
    return new URL(request.url).origin === origin;
  } catch {
    return false;
  }
}
