import { BadInputError, UsageError } from '../errors.js';
import { toWireParams, type StreamingParams } from './connection-params.js';

/** Data-zone hosts (§1): `edge` routes to the nearest region, `us` and `eu` keep data in that zone. */
export const STREAMING_URLS = {
  edge: 'wss://streaming.assemblyai.com/v3/ws',
  us: 'wss://streaming.us.assemblyai.com/v3/ws',
  eu: 'wss://streaming.eu.assemblyai.com/v3/ws',
} as const;

/** A data zone for {@link STREAMING_URLS}. */
export type Region = keyof typeof STREAMING_URLS;

/**
 * The WebSocket base URL: `url` when given (`ws:` allowed, for local servers such as the emulator), else the
 * region's host. Throws a `UsageError` (`invalid_state`) that says what to pass when the URL is not an absolute
 * WebSocket URL or the region is not one of {@link STREAMING_URLS}.
 */
export function resolveStreamingUrl({ url, region }: { url?: string; region?: Region }): string {
  if (url === undefined) {
    region ??= 'edge';
    // Own keys only: "toString" would find an inherited function.
    if (Object.hasOwn(STREAMING_URLS, region)) return STREAMING_URLS[region];
    throw new UsageError('invalid_state', `region must be edge, us or eu (got ${String(region)})`);
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // not absolute: refused below
  }
  // The URL itself is not quoted: an app may have put a token in it.
  if (!/^wss?:$/.test(parsed?.protocol as string)) throw new UsageError('invalid_state', `url must be an absolute URL starting ws: or wss: (got ${parsed?.protocol ?? 'a relative one'})`);
  return parsed!.href;
}

/**
 * Longest request target (path and query, in bytes) a session URL may have: 16 KiB, the request-line limit of
 * the usual HTTP front ends (and of the emulator, which answers 414 past it). A browser cannot see the HTTP
 * status of a refused upgrade — only a bare 1006, which reads as a network failure — so the size is checked
 * here, before connecting.
 */
export const MAX_SESSION_URL_BYTES = 16_384;

/**
 * The full session URL: base + every parameter + `token` (§4). Existing query parameters on `base` are kept.
 * Throws a `BadInputError` (`url_too_long`, not retriable) when the request would exceed
 * {@link MAX_SESSION_URL_BYTES}.
 */
export function buildSessionUrl(base: string, params: StreamingParams, token: string): string {
  const url = new URL(base);
  // The token counts as a part of the URL like any other (by its length only: its value is never shown).
  const parts: [string, string][] = [...toWireParams(params), ['token', token]];
  for (const [name, value] of parts) url.searchParams.set(name, value);
  // The serialised path and query are ASCII (percent-encoded): characters are bytes.
  const bytes = url.pathname.length + url.search.length;
  if (bytes > MAX_SESSION_URL_BYTES) {
    const [name, size] = parts.map(([n, v]) => [n, encodeURIComponent(v).length] as const).sort((a, b) => b[1] - a[1])[0]!;
    throw new BadInputError(
      'url_too_long',
      `The session request is ${bytes} bytes of URL, over the ${MAX_SESSION_URL_BYTES} the service accepts; ${name} alone takes ${size} bytes: shorten it`,
    );
  }
  return url.href;
}

/** The URL with its `token` hidden, for messages and logs: a token never appears in anything we print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.searchParams.has('token')) parsed.searchParams.set('token', '***');
    return parsed.toString();
  } catch {
    return url.replace(/token=[^&]*/g, 'token=***');
  }
}
