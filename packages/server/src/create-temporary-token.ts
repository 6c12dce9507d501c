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
 * The upstream token service failed. `message` is safe to log: it never holds the API key, and quotes at
 * most a short, whitespace-folded excerpt of the upstream body.
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
  const text = await response.text();
  if (!response.ok) {
    throw new TokenMintError(`Token service answered HTTP ${response.status}: ${summarize(text, options.apiKey)}`, response.status);
  }
  let body: { token?: unknown; expires_in_seconds?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new TokenMintError(`Token service answered something that is not JSON: ${summarize(text, options.apiKey)}`, response.status);
  }
  if (typeof body.token !== 'string' || !body.token) throw new TokenMintError('Token service answered JSON without a token', response.status);
  return { token: body.token, expiresInSeconds: typeof body.expires_in_seconds === 'number' ? body.expires_in_seconds : expires };
}

/** The upstream error's `error` or `detail`, else a short excerpt; the key is masked wherever it appears. */
function summarize(text: string, apiKey: string): string {
  let summary = text;
  try {
    const json = JSON.parse(text) as { error?: unknown; detail?: unknown };
    const value = json.error ?? json.detail;
    if (value !== undefined) summary = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    if (/^\s*</.test(text)) summary = 'an HTML page';
  }
  summary = summary.replace(/\s+/g, ' ').trim().slice(0, 160);
  return apiKey ? summary.split(apiKey).join('***') : summary;
}
