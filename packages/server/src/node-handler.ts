import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOST } from './request-guard.js';
import type { TokenErrorCode, TokenHandler } from './token-handler.js';

/** A `node:http` / Express / Connect / Vite middleware. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** The methods the token handler answers; anything else is refused here, before a `Request` is built. */
const METHODS = new Set(['GET', 'POST', 'OPTIONS']);

/**
 * Adapts a fetch-style handler to `node:http`, Express and Vite's dev-server middleware. Whatever arrives —
 * a method `fetch` forbids (`TRACE`, `CONNECT`), a `Host` that is no host, a target that is no path, header
 * values `Headers` rejects — is answered with a 4xx; nothing it does can throw out of the request listener.
 *
 * @example
 * server.middlewares.use('/api/token', toNodeHandler(createTokenHandler()));
 */
export function toNodeHandler(handler: TokenHandler): NodeHandler {
  return (req, res, next) => {
    try {
      const request = toRequest(req);
      if (typeof request === 'number') return answer(res, request);
      handler(request, { ...(req.socket?.remoteAddress ? { clientAddress: req.socket.remoteAddress } : {}) })
        .then(async (response) => {
          if (res.headersSent || res.destroyed) return;
          res.statusCode = response.status;
          response.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((err: unknown) => fail(res, err, next));
    } catch (err) {
      fail(res, err, next);
    }
  };
}

/** The fetch `Request` for `req`, or the 4xx status to answer instead. */
function toRequest(req: IncomingMessage): Request | number {
  const method = req.method ?? 'GET';
  if (!METHODS.has(method)) return 405;
  const secure = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const host = req.headers.host;
  if (!host || !HOST.test(host)) return 400;
  // Node keeps the first of several Host headers; a proxy or cache in front may have read another (RFC 9112 §3.2: 400).
  if (hostHeaders(req.rawHeaders) > 1) return 400;
  // Behind Express's router or Vite's `use(path, …)`, `originalUrl` keeps the full path.
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  if (!path.startsWith('/')) return 400;
  let url: URL;
  try {
    url = new URL(`${secure ? 'https' : 'http'}://${host}${path}`);
  } catch {
    return 400;
  }
  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    return new Request(url, { method, headers });
  } catch {
    return 400;
  }
}

/** How many Host headers a request carried (`rawHeaders` is name, value, name, value, …). */
function hostHeaders(rawHeaders: readonly string[] | undefined): number {
  let count = 0;
  for (let i = 0; i < (rawHeaders?.length ?? 0); i += 2) if (rawHeaders![i]!.toLowerCase() === 'host') count++;
  return count;
}

function answer(res: ServerResponse, status: number): void {
  const body: { error: string; code: TokenErrorCode } = status === 405 ? { error: 'Use GET or POST', code: 'method_not_allowed' } : { error: 'Malformed request', code: 'malformed_request' };
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...(status === 405 ? { allow: 'GET, POST, OPTIONS' } : {}) });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, err: unknown, next: ((err?: unknown) => void) | undefined): void {
  if (next) {
    try {
      next(err);
      return;
    } catch {
      // fall through to a plain 500
    }
  }
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.end();
}
