import { TokenError, UsageError } from '../errors.js';
import { deadline } from './deadline.js';
import { shownUrl } from './shown-url.js';

/**
 * Where each session's temporary token comes from. Tokens are single-use, so a literal token is not accepted:
 * - a URL of the app's own endpoint (`'/api/token'`), fetched with GET, answering JSON `{ token }`;
 * - `{ url, init }` to set the method, headers or credentials of that request;
 * - an async function returning the token (called once per connection).
 */
export type TokenSource =
  | string
  | { url: string; init?: RequestInit }
  | ((context: { signal: AbortSignal }) => Promise<string>);

/** Options for {@link fetchToken}. */
export interface FetchTokenOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Throws at construction time when `source` cannot work, saying what was wrong. A string is a URL as `fetch()`
 * takes it — absolute (`https://…`), from the root (`/api/token`), or relative (`./token`, `api/token`) — unless
 * it looks like a token: tokens are single-use, so a literal one is refused (and never quoted). A relative URL
 * holds a `/`; a token does not, or is long (temporary tokens are thousands of characters). So a string with no
 * `/`, or of 100 characters or more that is neither absolute nor starts with `/` or `.`, is taken for a token: a
 * one-word relative URL is written `./token`. The `url` of `{ url, init }` is checked the same way. `attribute`
 * names the element attribute the source came from.
 */
export function checkTokenSource(source: TokenSource | undefined, attribute?: string): void {
  if (typeof source === 'function') return;
  // `{ url, init }` is the same URL with request options: a token put in `url` is refused as it is in a string.
  const value: unknown = source && typeof source === 'object' ? source.url : source;
  const text = typeof value === 'string' ? value : '';
  const scheme = /^[a-z][\w+.-]*:/i.exec(text)?.[0];
  if (scheme ? /^https?:$/i.test(scheme) : /^\.{0,2}\//.test(text) || (text.includes('/') && text.length < 100 && !/\s/.test(text))) return;
  const what = attribute ?? 'token';
  throw new UsageError(
    'invalid_state',
    !value && attribute
      ? `<earshot-captions>: set the ${attribute} attribute`
      : `${what}: ${
          !text
            ? value ? `got ${typeof value}` : 'missing'
            : scheme
              ? `${scheme} is not http(s)`
              : // Never quoted: it may be a token.
                `${text.length} characters that read as a token (single-use)`
        }: pass your token endpoint's URL (relative: '/api/token', './token')${attribute ? '' : ' or an async function'}`,
  );
}

/**
 * Fetches one fresh token. Rejects with a {@link TokenError} that says what arrived, or — never fetching — with the
 * `UsageError` of {@link checkTokenSource} for a source it refuses; never includes a token.
 */
export function fetchToken(source: TokenSource, options: FetchTokenOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Aborted once the fetch is settled either way: a request or function still running is told to stop.
  const controller = new AbortController();
  const signal = controller.signal;
  return deadline<string>(
    timeoutMs,
    options.signal,
    () => Promise.reject(new TokenError('token_timeout', `No token within ${timeoutMs} ms`, { retriable: true })),
    // A function that ignores the signal cannot hang connect(): the deadline settles without it.
    (resolve, reject) => void (typeof source === 'function' ? fromFunction(source, signal) : fromUrl(typeof source === 'string' ? { url: source } : source, signal)).then(resolve, reject),
  ).finally(() => controller.abort());
}

async function fromFunction(fn: (c: { signal: AbortSignal }) => Promise<string>, signal: AbortSignal): Promise<string> {
  let token: unknown;
  try {
    token = await fn({ signal });
  } catch (err) {
    // Its message may quote what the app's endpoint answered (a token): name the error, keep it as `cause`.
    throw new TokenError('token_source', `Token function threw ${(err as Error)?.name ?? typeof err} (see cause)`, { retriable: true, cause: err });
  }
  if (typeof token !== 'string' || token.length === 0) {
    throw new TokenError('token_source', `Token function resolved with ${typeof token === 'object' && token ? 'an object ' : ''}${describe(token)}, not a token string`);
  }
  return token;
}

/**
 * Never quotes the body: it can be the token itself (an endpoint answering the bare token as text/plain), or
 * hold one. Messages say what arrived instead — status, type, length, the names of JSON fields — or, for an
 * error, its `code` when that is an identifier no secret can be.
 */
async function fromUrl(source: { url: string; init?: RequestInit }, signal: AbortSignal): Promise<string> {
  // A URL that reads as a token is neither requested (it would be a path in access logs) nor quoted.
  checkTokenSource(source);
  const where = `Token endpoint ${shownUrl(source.url)}`;
  let response: Response;
  try {
    response = await fetch(source.url, { method: 'GET', ...source.init, signal });
  } catch (err) {
    throw new TokenError('token_network', `${where} unreachable (${(err as Error)?.name ?? typeof err})`, { retriable: true, cause: err });
  }
  const body = await response.text();
  const status = response.status;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: said below by its length only
  }
  const html = /html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(body);
  // What the body is, never what it says.
  const what = html
    ? 'an HTML page (is the URL right?)'
    : json === undefined
      ? body.trim() ? `a non-JSON body of ${body.length} characters` : 'an empty body'
      : `JSON ${describe(json)}`;
  // An error's `code` (@earshot/server's `missing_api_key`, `upstream_unauthorized`, …) is quoted only in a shape
  // no key (32 hex characters) or token (thousands of characters) has: lowercase words joined by underscores.
  const code = (json as { code?: unknown } | null)?.code;
  const named = typeof code === 'string' && /^(?=.{1,40}$)[a-z]+(_[a-z]+)+$/.test(code) ? ` (${code})` : `: ${what}`;
  if (!response.ok) throw new TokenError('token_http', `${where} answered HTTP ${status}${named}`, { status, retriable: status >= 500 || status === 429 });
  const token = (json as { token?: unknown } | null)?.token;
  if (html || typeof token !== 'string' || !token) throw new TokenError('token_response', `${where} answered ${what}; expected JSON { token }`, { status });
  return token;
}

/** What a value is, never what it says: its type, or an object's field names. */
function describe(value: unknown): string {
  if (typeof value !== 'object' || !value) return value === null ? 'null' : typeof value === 'string' ? (value ? 'a string' : 'an empty string') : typeof value;
  if (Array.isArray(value)) return 'array';
  // Only short plain identifiers are named: a token can itself be the key (and look like an identifier).
  return `with keys: ${Object.keys(value).map((k) => (/^[A-Za-z_]\w{0,19}$/.test(k) ? k : '?')).join(', ') || 'none'}`;
}
