/** Which requests may ask for a token, from the request alone (no I/O). */
export interface RequestGuardOptions {
  /** Origins allowed to call from another origin (CORS); `'*'` for any. Default: none (same origin only). */
  allowedOrigins?: readonly string[] | '*' | undefined;
  /** Host names the endpoint answers for (DNS-rebinding defence); `.example.com` matches subdomains. Default: any. */
  allowedHosts?: readonly string[] | undefined;
  /** Read the public scheme and host from `X-Forwarded-Proto` / `X-Forwarded-Host`. Default false. */
  trustProxy?: boolean | undefined;
  /** Answer requests that carry neither `Origin` nor `Sec-Fetch-Site` (servers, very old browsers). Default false. */
  allowRequestsWithoutOrigin?: boolean | undefined;
}

/** The verdict: CORS headers to add, or why the request is refused. */
/** `code`: the refusal's stable identifier, sent in the error body (`TokenErrorCode` in token-handler.ts). */
export type GuardVerdict =
  | { ok: true; cors: Record<string, string> }
  | { ok: false; status: 403; error: string; code: 'invalid_host' | 'host_not_allowed' | 'origin_not_allowed' | 'cross_site_request' | 'not_script_fetch' | 'missing_origin'; cors: Record<string, string> };

/** The first value of a comma-separated forwarded header. */
const first = (value: string | null) => value?.split(',')[0]?.trim() || undefined;

/** A host as RFC 9110 allows it: a name or an IP literal, and an optional port. Nothing else gets parsed. */
export const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?$/;

/** The origin the app is served from, as the browser sees it: `scheme://host[:port]`. */
export function publicOrigin(request: Request, trustProxy: boolean | undefined): { origin: string; hostname: string } | undefined {
  const url = new URL(request.url);
  const proto = (trustProxy && first(request.headers.get('x-forwarded-proto'))) || url.protocol.replace(/:$/, '');
  const host = (trustProxy && first(request.headers.get('x-forwarded-host'))) || request.headers.get('host') || url.host;
  if ((proto !== 'http' && proto !== 'https') || !HOST.test(host)) return undefined;
  try {
    const parsed = new URL(`${proto}://${host}`);
    return { origin: parsed.origin, hostname: parsed.hostname };
  } catch {
    return undefined;
  }
}

const hostAllowed = (hostname: string, allowed: readonly string[]) =>
  allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('.') ? hostname === e.slice(1) || hostname.endsWith(e) : hostname === e;
  });

/**
 * Refuses what a browser would only send on another site's behalf, so no other page can spend the key's
 * quota (issue #11):
 * - a `Host` outside `allowedHosts` (DNS rebinding), or one that is not a host at all;
 * - an `Origin` that is neither this origin nor in `allowedOrigins`;
 * - Fetch Metadata that says the request is not same-origin (`Sec-Fetch-Site`, unless its `Origin` is allowed)
 *   or not a script's own fetch (`Sec-Fetch-Mode` other than `cors`/`same-origin`: `<img>`, `<script>`, no-cors
 *   fetch, navigation);
 * - neither `Origin` nor `Sec-Fetch-Site`, unless `allowRequestsWithoutOrigin` (every browser that can open a
 *   microphone sends Fetch Metadata: `getUserMedia` needs a secure context, and so does Fetch Metadata).
 */
export function guardRequest(request: Request, options: RequestGuardOptions): GuardVerdict {
  const cors: Record<string, string> = {};
  const refuse = (error: string, code: Extract<GuardVerdict, { ok: false }>['code']): GuardVerdict => ({ ok: false, status: 403, error, code, cors });
  const self = publicOrigin(request, options.trustProxy);
  if (!self) return refuse('The request names no valid host', 'invalid_host');
  if (options.allowedHosts && !hostAllowed(self.hostname, options.allowedHosts)) return refuse('This host may not request tokens', 'host_not_allowed');

  const origin = request.headers.get('origin');
  const allowed = options.allowedOrigins;
  const corsAllowed = !!origin && origin !== 'null' && !!allowed && (allowed === '*' || allowed.includes(origin));
  if (corsAllowed) {
    cors['access-control-allow-origin'] = origin;
    cors.vary = 'Origin';
  }
  const sameOrigin = origin === self.origin;
  if (origin !== null && !sameOrigin && !corsAllowed) return refuse('This origin may not request tokens', 'origin_not_allowed');

  const site = request.headers.get('sec-fetch-site');
  const mode = request.headers.get('sec-fetch-mode');
  if (site !== null) {
    if (site !== 'same-origin' && !corsAllowed) return refuse(`Cross-origin requests may not request tokens (Sec-Fetch-Site: ${site === 'same-site' || site === 'cross-site' || site === 'none' ? site : 'unknown'})`, 'cross_site_request');
    if (mode !== null && mode !== 'cors' && mode !== 'same-origin') return refuse('Only a script\'s fetch may request tokens (Sec-Fetch-Mode must be cors or same-origin)', 'not_script_fetch');
  } else if (origin === null && !options.allowRequestsWithoutOrigin) {
    return refuse('Requests without Origin or Sec-Fetch-Site may not request tokens (set allowRequestsWithoutOrigin for server-to-server callers)', 'missing_origin');
  }
  return { ok: true, cors };
}
