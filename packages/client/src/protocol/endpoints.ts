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
 * region's host. Throws a `UsageError` (`invalid_state`) that says what to pass when the URL is not a WebSocket
 * URL or the region is not one of {@link STREAMING_URLS}.
 */
export function resolveStreamingUrl(options: { url?: string; region?: Region }): string {
  if (options.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new UsageError('invalid_state', `url "${options.url}" is not an absolute URL`);
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw new UsageError('invalid_state', `url must start with ws: or wss: (got ${parsed.protocol})`);
    }
    return parsed.toString();
  }
  const region = options.region ?? 'edge';
  // Own keys only: "toString" would find an inherited function.
  if (!Object.hasOwn(STREAMING_URLS, region)) throw new UsageError('invalid_state', `region must be edge, us or eu (got ${String(region)})`);
  return STREAMING_URLS[region];
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
  for (const [name, value] of toWireParams(params)) url.searchParams.set(name, value);
  url.searchParams.set('token', token);
  // The serialised path and query are ASCII (percent-encoded): characters are bytes.
  const bytes = url.pathname.length + url.search.length;
  if (bytes > MAX_SESSION_URL_BYTES) {
    // The token counts as a part (by its length only: its value is never shown).
    const largest = [...toWireParams(params), ['token', token] as const]
      .map(([name, value]) => [name, encodeURIComponent(value).length] as const)
      .sort((a, b) => b[1] - a[1])[0];
    throw new BadInputError(
      'url_too_long',
      `The session request is ${bytes} bytes of URL, over the ${MAX_SESSION_URL_BYTES} the service accepts` +
        (largest ? `; ${largest[0]} alone takes ${largest[1]} bytes: shorten it` : ''),
    );
  }
  return url.toString();
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
