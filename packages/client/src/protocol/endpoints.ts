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
 * region's host. Throws a `TypeError` that says what to pass when the URL is not a WebSocket URL.
 */
export function resolveStreamingUrl(options: { url?: string; region?: Region }): string {
  if (options.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new TypeError(`url "${options.url}" is not an absolute URL`);
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw new TypeError(`url must start with ws: or wss: (got ${parsed.protocol})`);
    }
    return parsed.toString();
  }
  const region = options.region ?? 'edge';
  const url = STREAMING_URLS[region];
  if (!url) throw new TypeError(`region must be edge, us or eu (got ${region})`);
  return url;
}

/** The full session URL: base + every parameter + `token` (§4). Existing query parameters on `base` are kept. */
export function buildSessionUrl(base: string, params: StreamingParams, token: string): string {
  const url = new URL(base);
  for (const [name, value] of toWireParams(params)) url.searchParams.set(name, value);
  url.searchParams.set('token', token);
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
