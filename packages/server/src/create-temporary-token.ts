import { redactSecrets } from './redact.js';

/** Where tokens are minted: the service's data zones, or any base URL (the emulator's, say). */
export type TokenRegion = 'edge' | 'us' | 'eu';

/** Token hosts (spec §1, §3). The US host follows the WebSocket's US zone; the EU host is used widely. */
export const TOKEN_BASE_URLS: Record<TokenRegion, string> = {
  edge: 'https://streaming.assemblyai.com',
  us: 'https://streaming.us.assemblyai.com',
  eu: 'https://streaming.eu.assemblyai.com',
};

/** Options of {@link createTemporaryToken}. */
export interface CreateTemporaryTokenOptions {
  /** Your AssemblyAI API key. Never send it to a browser. */
  apiKey: string;
  /** Seconds within which the token must be used to open a session, 1–600. Default 60. */
  expiresInSeconds?: number;
  /** Cap on the session's length in seconds, 60–10800. Default: the service's (10800). */
  maxSessionDurationSeconds?: number;
  /** Data zone. Default `edge`. Ignored when `baseUrl` is given. */
  region?: TokenRegion;
  /** Any base URL, e.g. the emulator's `http://127.0.0.1:8787`. */
  baseUrl?: string;
  /** Milliseconds before giving up. Default 10 000. */
  timeoutMs?: number;
  /** A fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** A minted token. */
export interface TemporaryToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * The upstream token service failed. `message` is safe to log: it quotes at most the upstream's JSON
 * `error`/`detail` text, with the API key and anything credential-like masked before it is cut to 160
 * characters; other bodies (HTML, plain text) are described, never quoted.
 */
export class TokenMintError extends Error {
  override name = 'TokenMintError';
  constructor(message: string, readonly status: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Checks the durations once, with messages that say the allowed range (spec §3). */
export function checkDurations(expiresInSeconds: number, maxSessionDurationSeconds: number | undefined): void {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 600) {
    throw new RangeError(`expiresInSeconds must be a whole number from 1 to 600 (got ${expiresInSeconds})`);
  }
  if (maxSessionDurationSeconds !== undefined && (!Number.isInteger(maxSessionDurationSeconds) || maxSessionDurationSeconds < 60 || maxSessionDurationSeconds > 10_800)) {
    throw new RangeError(`maxSessionDurationSeconds must be a whole number from 60 to 10800 (got ${maxSessionDurationSeconds})`);
  }
}

/**
 * Mints a single-use temporary token with `GET /v3/token` (spec §3). Server-side only.
 *
 * @example
 * const { token } = await createTemporaryToken({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
 */
export async function createTemporaryToken(options: CreateTemporaryTokenOptions): Promise<TemporaryToken> {
  const expires = options.expiresInSeconds ?? 60;
  checkDurations(expires, options.maxSessionDurationSeconds);
  const base = (options.baseUrl ?? TOKEN_BASE_URLS[options.region ?? 'edge']).replace(/\/+$/, '');
  const url = new URL(`${base}/v3/token`);
  url.searchParams.set('expires_in_seconds', String(expires));
  if (options.maxSessionDurationSeconds !== undefined) url.searchParams.set('max_session_duration_seconds', String(options.maxSessionDurationSeconds));
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: options.apiKey }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new TokenMintError(`Token service at ${url.origin} ${reason}`, undefined, { cause: err });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw new TokenMintError(`Token service at ${url.origin} broke off its answer`, response.status, { cause: err });
  }
  if (!response.ok) {
    throw new TokenMintError(`Token service answered HTTP ${response.status}: ${summarize(text, options.apiKey)}`, response.status);
  }
  let body: { token?: unknown; expires_in_seconds?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new TokenMintError(`Token service answered ${summarize(text, options.apiKey)}, not JSON`, response.status);
  }
  if (typeof body?.token !== 'string' || !body.token) throw new TokenMintError('Token service answered JSON without a token', response.status);
  return { token: body.token, expiresInSeconds: clampExpiry(body.expires_in_seconds, expires) };
}

/**
 * The token's lifetime as the browser is told it: what the service says, but never more than was asked (a
 * longer figure from a misbehaving upstream would make the app hold tokens past their end).
 */
function clampExpiry(upstream: unknown, asked: number): number {
  return typeof upstream === 'number' && Number.isFinite(upstream) && upstream > 0 ? Math.min(Math.floor(upstream), asked) : asked;
}

/**
 * What to say about an upstream body: the JSON `error`/`detail` string (the service's own short message),
 * redacted; other bodies are only described, since they may echo anything, the key included.
 */
function summarize(text: string, apiKey: string): string {
  try {
    const json = JSON.parse(text) as { error?: unknown; detail?: unknown } | null;
    const value = json?.error ?? json?.detail;
    if (typeof value === 'string') return redactSecrets(value, apiKey);
    if (value !== undefined) return redactSecrets(JSON.stringify(value), apiKey);
    return 'a JSON body without error or detail';
  } catch {
    if (/^\s*</.test(text)) return 'an HTML page';
    return text.trim() ? `a ${text.length}-character non-JSON body` : 'an empty body';
  }
}
