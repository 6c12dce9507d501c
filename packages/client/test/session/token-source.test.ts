// Token source (issue #2 §3), against a real HTTP server on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenError } from '../../src/errors.js';
import { checkTokenSource, fetchToken } from '../../src/session/token-source.js';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRlbXBvcmFyeS10b2tlbg.sig-TOKEN-9f8e7d';
type Route = (req: IncomingMessage, res: ServerResponse) => void;
const routes: Record<string, Route> = {
  '/ok': (_req, res) => json(res, 200, { token: 'T-1' }),
  '/post-only': (req, res) => (req.method === 'POST' ? json(res, 200, { token: 'T-post' }) : json(res, 405, { error: 'use POST' })),
  '/500': (_req, res) => json(res, 500, { error: 'upstream exploded' }),
  '/422': (_req, res) => json(res, 422, { detail: [{ type: 'missing', loc: ['query', 'expires_in_seconds'] }] }),
  '/401-text': (_req, res) => { res.writeHead(401, { 'content-type': 'text/plain' }); res.end('nope'); },
  '/html': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><html></html>'); },
  '/html-404': (_req, res) => { res.writeHead(404, { 'content-type': 'text/html' }); res.end('<html>Not found</html>'); },
  '/garbage': (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{tok'); },
  '/no-token': (_req, res) => json(res, 200, { access_token: 'x', expires_in: 60 }),
  // Endpoints that answer with the token where an error or JSON was expected: it must never be repeated.
  '/bare-token': (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(SECRET); },
  '/500-token': (_req, res) => json(res, 500, { error: `upstream said ${SECRET}` }),
  '/401-token-text': (_req, res) => { res.writeHead(401, { 'content-type': 'text/plain' }); res.end(SECRET); },
  '/token-key': (_req, res) => json(res, 200, { [SECRET]: true }),
  // A token can be a plain identifier: as a key name it must not be listed either.
  '/identifier-token-key': (_req, res) => json(res, 200, { tok_SECRET_ab12cd34ef56: 1, expires_in: 60 }),
  '/long-identifier-key': (_req, res) => json(res, 200, { sk_live_0123456789abcdefghijABCD: 1 }),
  '/token-not-string': (_req, res) => json(res, 200, { token: { value: SECRET } }),
  '/slow': () => undefined,
};
function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? ((_q, r) => json(r, 404, {})))(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function failure(promise: Promise<unknown>): Promise<TokenError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TokenError);
  return err as TokenError;
}

describe('fetchToken from a URL', () => {
  it('GETs the endpoint and returns its token', async () => {
    expect(await fetchToken(`${base}/ok`)).toBe('T-1');
  });

  it('uses the given request init (method, headers)', async () => {
    expect(await fetchToken({ url: `${base}/post-only`, init: { method: 'POST' } })).toBe('T-post');
  });

  it('reports a non-2xx status with the body\'s error', async () => {
    const err = await failure(fetchToken(`${base}/500`));
    expect(err.code).toBe('token_http');
    expect(err.status).toBe(500);
    expect(err.retriable).toBe(true);
    expect(err.message).toMatch(/HTTP 500: JSON with keys: error/);
  });

  it('reports a FastAPI-style detail body', async () => {
    const err = await failure(fetchToken(`${base}/422`));
    expect(err.status).toBe(422);
    expect(err.retriable).toBe(false);
    expect(err.message).toContain('JSON with keys: detail');
  });

  it('reports a plain-text error body', async () => {
    const err = await failure(fetchToken(`${base}/401-text`));
    expect(err.message).toMatch(/HTTP 401: a non-JSON body of 4 characters/);
  });

  it('says when an HTML page arrived instead of JSON', async () => {
    const err = await failure(fetchToken(`${base}/html`));
    expect(err.code).toBe('token_response');
    expect(err.message).toMatch(/answered an HTML page \(is the URL right\?\)/);
    const notFound = await failure(fetchToken(`${base}/html-404`));
    expect(notFound.message).toMatch(/HTTP 404: an HTML page/);
  });

  it('says when the body is not JSON', async () => {
    const err = await failure(fetchToken(`${base}/garbage`));
    expect(err.code).toBe('token_response');
    expect(err.message).toMatch(/answered a non-JSON body of 4 characters; expected JSON \{ token \}/);
  });

  it('names the keys when there is no token field', async () => {
    const err = await failure(fetchToken(`${base}/no-token`));
    expect(err.message).toMatch(/answered JSON with keys: access_token, expires_in; expected JSON \{ token \}/);
  });

  it.each([
    ['/identifier-token-key', 'tok_SECRET', 'JSON with keys: ?, expires_in'],
    ['/long-identifier-key', 'sk_live', 'JSON with keys: ?'],
  ])('does not name a key that could be a token (%s: over 20 characters)', async (path, secret, shown) => {
    const err = await failure(fetchToken(`${base}${path}`));
    expect(err.message).toContain(shown);
    expect(err.message).not.toContain(secret);
  });

  it.each(['/bare-token', '/500-token', '/401-token-text', '/token-key', '/token-not-string', '/ok?key=' + SECRET])(
    'never repeats what %s answered, nor the query string: it says type, length and status',
    async (path) => {
      const outcome = await fetchToken(`${base}${path}`).then((t) => t, (e: TokenError) => e);
      const texts = outcome instanceof TokenError ? [outcome.message, String(outcome), JSON.stringify(outcome)] : [];
      for (const text of texts) expect(text).not.toContain(SECRET.slice(0, 12));
      if (path === '/bare-token') expect((outcome as TokenError).message).toMatch(/answered a non-JSON body of \d+ characters/);
    },
  );

  it('times out', async () => {
    const err = await failure(fetchToken(`${base}/slow`, { timeoutMs: 200 }));
    expect(err.code).toBe('token_timeout');
    expect(err.retriable).toBe(true);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    const pending = fetchToken(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const err = await failure(fetchToken('http://127.0.0.1:1/token'));
    expect(err.code).toBe('token_network');
  });
});

describe('fetchToken from a function', () => {
  it('returns what the function resolves', async () => {
    expect(await fetchToken(async () => 'T-fn')).toBe('T-fn');
  });

  it('wraps what the function throws', async () => {
    const thrown = new Error(`backend answered ${SECRET}`);
    const err = await failure(fetchToken(async () => { throw thrown; }));
    expect(err.code).toBe('token_source');
    expect(err.message).toBe('Token function threw Error (see cause)');
    expect(err.cause).toBe(thrown);
  });

  it('refuses a function that resolves with no string', async () => {
    const err = await failure(fetchToken(async () => undefined as unknown as string));
    expect(err.message).toMatch(/resolved with undefined/);
  });

  it('does not hang on a function that never settles', async () => {
    const err = await failure(fetchToken(() => new Promise<string>(() => undefined), { timeoutMs: 100 }));
    expect(err.code).toBe('token_timeout');
  });
});

describe('checkTokenSource', () => {
  it('accepts what fetch() accepts as a URL, { url } and functions', () => {
    const ok = ['/api/token', './token', '../token', 'api/token', 'v1/auth/stt-token?x=1', 'https://app.test/token', 'HTTP://app.test/t', { url: '/t' }, async () => 't'];
    for (const source of ok) expect(() => checkTokenSource(source), String(source)).not.toThrow();
  });

  // A literal token is never quoted: the message says its length only.
  it.each([
    ['a short token', 'AQIabc123'],
    ['a one-word relative path (written ./token instead)', 'token'],
    ['a JWT-like token', SECRET],
    ['a long base64 token with a /', `AQI${'a/b+c='.repeat(400)}`],
  ])('refuses %s, says it reads as a token and to pass the endpoint\'s URL, and never quotes it', (_what, source) => {
    const err = (() => {
      try {
        checkTokenSource(source);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toBe(`token: ${source.length} characters that read as a token (single-use): pass your token endpoint's URL (relative: '/api/token', './token') or an async function`);
    if (source.length > 8) expect(err?.message).not.toContain(source.slice(0, 8));
  });

  it('says when the token is missing, of the wrong type, or not an http(s) URL', () => {
    const pass = ": pass your token endpoint's URL (relative: '/api/token', './token') or an async function";
    for (const missing of [undefined, '']) expect(() => checkTokenSource(missing)).toThrow(`token: missing${pass}`);
    expect(() => checkTokenSource(42 as unknown as string)).toThrow(`token: got number${pass}`);
    expect(() => checkTokenSource('wss://streaming.assemblyai.com/v3/ws')).toThrow(`token: wss: is not http(s)${pass}`);
  });

  it('names the element attribute, and offers no function to an HTML page', () => {
    expect(() => checkTokenSource('', 'token-url')).toThrow(/^<earshot-captions>: set the token-url attribute$/);
    expect(() => checkTokenSource('AQIabc123', 'token-url')).toThrow(/^token-url: 9 characters that read as a token \(single-use\): pass your token endpoint's URL \(relative: '\/api\/token', '\.\/token'\)$/);
    expect(() => checkTokenSource('api/token', 'token-url')).not.toThrow();
  });
});
