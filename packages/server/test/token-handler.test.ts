// @earshot/server against the emulator's real token endpoint on loopback (issue #3): success, each upstream
// failure, authorize refusing, origins, bad options — and the API key never leaves the server.
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/src/index.js';
import { createTemporaryToken, createTokenHandler, toNodeHandler, TokenMintError } from '../src/index.js';

const KEY = 'sk-server-test-SECRET';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, recognizer: 'scripted', beginDelayMs: 0 });
});
afterAll(() => emu.close());
afterEach(() => {
  emu.faults = {};
});

/** A same-origin fetch as a browser sends it (Fetch Metadata); `headers` add to it. */
const request = (init: RequestInit & { url?: string; headers?: Record<string, string> } = {}) =>
  new Request(init.url ?? 'http://app.test/api/token', { ...init, headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', ...init.headers } });

describe('createTemporaryToken', () => {
  it('mints a token that opens a session on the emulator', async () => {
    const { token, expiresInSeconds } = await createTemporaryToken({ apiKey: KEY, baseUrl: emu.httpUrl, expiresInSeconds: 30 });
    expect(expiresInSeconds).toBe(30);
    const ws = new WebSocket(`${emu.url}?token=${token}`);
    const first = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    expect(JSON.parse(first)).toMatchObject({ type: 'Begin' });
    ws.close();
  });

  it('passes maxSessionDurationSeconds through to Begin.expires_at', async () => {
    const { token } = await createTemporaryToken({ apiKey: KEY, baseUrl: `${emu.httpUrl}/`, maxSessionDurationSeconds: 60 });
    const ws = new WebSocket(`${emu.url}?token=${token}`);
    const begin = JSON.parse(await new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())))) as { expires_at: number };
    expect(begin.expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
    ws.close();
  });

  it('reports a wrong key as an upstream 401 without echoing the key', async () => {
    const err = await createTemporaryToken({ apiKey: 'wrong-SECRET', baseUrl: emu.httpUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenMintError);
    expect((err as TokenMintError).status).toBe(401);
    expect((err as Error).message).toBe('Token service answered HTTP 401: Invalid API key');
  });

  it('reports an unreachable service and a timeout', async () => {
    await expect(createTemporaryToken({ apiKey: KEY, baseUrl: 'http://127.0.0.1:1' })).rejects.toThrow(/could not be reached/);
    emu.faults = { token: { delayMs: 500 } };
    await expect(createTemporaryToken({ apiKey: KEY, baseUrl: emu.httpUrl, timeoutMs: 100 })).rejects.toThrow(/timed out/);
  });

  it.each([[0], [601], [1.5]])('refuses expiresInSeconds %s before calling anyone', async (n) => {
    await expect(createTemporaryToken({ apiKey: KEY, baseUrl: emu.httpUrl, expiresInSeconds: n })).rejects.toThrow(/1 to 600/);
  });
});

describe('createTokenHandler', () => {
  const handler = () => createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false, onError: () => undefined });

  it('answers { token, expiresInSeconds } with no-store', async () => {
    const res = await handler()(request());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; expiresInSeconds: number };
    expect(body.token).toMatch(/^AQI/);
    expect(body.expiresInSeconds).toBe(60);
    expect(JSON.stringify(body)).not.toContain(KEY);
  });

  it.each([
    ['a 500', { fail: true }, 'Could not get a token from the speech service (upstream HTTP 500)'],
    ['an HTML page', { html: true }, 'Could not get a token from the speech service (upstream HTTP 200)'],
  ])('answers 502 with a safe message when upstream sends %s', async (_name, fault, message) => {
    emu.faults = { token: fault };
    const res = await handler()(request());
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: message, code: 'upstream_failed' });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('Gateway page');
  });

  it('answers 502 when the key is wrong, without the key or the upstream body', async () => {
    const res = await createTokenHandler({ apiKey: 'bad-SECRET', baseUrl: emu.httpUrl, rateLimit: false, onError: () => undefined })(request());
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).toBe('{"error":"Could not get a token from the speech service (upstream HTTP 401)","code":"upstream_unauthorized"}');
  });

  it('answers 401 when authorize refuses or throws, without minting', async () => {
    let minted = 0;
    const countingFetch: typeof fetch = (input, init) => {
      minted++;
      return fetch(input, init);
    };
    const refuse = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false, fetch: countingFetch, authorize: (req) => req.headers.get('cookie') === 'session=ok' });
    expect((await refuse(request())).status).toBe(401);
    expect((await refuse(request({ headers: { cookie: 'session=ok' } }))).status).toBe(200);
    const throwing = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false, fetch: countingFetch, onError: () => undefined, authorize: () => { throw new Error('db down'); } });
    expect((await throwing(request())).status).toBe(401);
    expect(minted).toBe(1);
  });

  it('refuses other origins unless allowed, and answers preflight', async () => {
    const sameOnly = handler();
    expect((await sameOnly(request({ headers: { origin: 'http://app.test' } }))).status).toBe(200);
    expect((await sameOnly(request({ headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' } }))).status).toBe(403);
    const allowed = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false, allowedOrigins: ['http://web.test'] });
    const res = await allowed(request({ headers: { origin: 'http://web.test', 'sec-fetch-site': 'cross-site' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://web.test');
    const preflight = await allowed(request({ method: 'OPTIONS', headers: { origin: 'http://web.test' } }));
    expect(preflight.status).toBe(204);
    expect((await allowed(request({ method: 'DELETE' }))).status).toBe(405);
  });

  it('checks its durations at construction, saying the range (the key is read per request: route-module-load.test.ts)', () => {
    expect(() => createTokenHandler({ apiKey: KEY, expiresInSeconds: 601 })).toThrow(/1 to 600/);
    expect(() => createTokenHandler({ apiKey: KEY, maxSessionDurationSeconds: 59 })).toThrow(/60 to 10800/);
  });

  it('reads the key from ASSEMBLYAI_API_KEY', async () => {
    process.env.ASSEMBLYAI_API_KEY = KEY;
    try {
      expect((await createTokenHandler({ baseUrl: emu.httpUrl, rateLimit: false })(request())).status).toBe(200);
    } finally {
      delete process.env.ASSEMBLYAI_API_KEY;
    }
  });
});

describe('the error body\'s code', () => {
  /** The `code` each refusal answers, as the browser reads it. */
  const code = async (res: Response | Promise<Response>) => {
    const r = await res;
    return [r.status, ((await r.json()) as { code?: string }).code];
  };

  it('names each refusal with a stable code', async () => {
    const ok = { apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false as const, onError: () => undefined };
    expect(await code(createTokenHandler({ ...ok, apiKey: undefined })(request()))).toEqual([500, 'missing_api_key']);
    expect(await code(createTokenHandler({ ...ok, apiKey: 'wrong-SECRET' })(request()))).toEqual([502, 'upstream_unauthorized']);
    expect(await code(createTokenHandler({ ...ok, baseUrl: 'http://127.0.0.1:1' })(request()))).toEqual([502, 'upstream_unreachable']);
    emu.faults = { token: { fail: true } };
    expect(await code(createTokenHandler(ok)(request()))).toEqual([502, 'upstream_failed']);
    emu.faults = {};
    expect(await code(createTokenHandler({ ...ok, authorize: () => false })(request()))).toEqual([401, 'not_authorized']);
    expect(await code(createTokenHandler(ok)(request({ method: 'DELETE' })))).toEqual([405, 'method_not_allowed']);
    expect(await code(createTokenHandler(ok)(request({ headers: { 'sec-fetch-site': 'cross-site' } })))).toEqual([403, 'cross_site_request']);
    expect(await code(createTokenHandler(ok)(request({ headers: { 'sec-fetch-mode': 'no-cors' } })))).toEqual([403, 'not_script_fetch']);
    expect(await code(createTokenHandler(ok)(request({ headers: { origin: 'http://evil.test' } })))).toEqual([403, 'origin_not_allowed']);
    expect(await code(createTokenHandler({ ...ok, allowedHosts: ['app.example'] })(request()))).toEqual([403, 'host_not_allowed']);
    expect(await code(createTokenHandler(ok)(new Request('http://app.test/api/token')))).toEqual([403, 'missing_origin']);
    const limited = createTokenHandler({ ...ok, rateLimit: { burst: 1, perMinute: 1 } });
    await limited(request(), { clientAddress: '192.0.2.1' });
    expect(await code(limited(request(), { clientAddress: '192.0.2.1' }))).toEqual([429, 'rate_limited']);
    const failing = createTokenHandler({ ...ok, rateLimit: { key: () => { throw new Error('store down'); } } });
    expect(await code(failing(request()))).toEqual([500, 'internal_error']);
  });

  it('toNodeHandler names what it refuses before the handler too', async () => {
    const server = createServer(toNodeHandler(createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    /** One raw request, so that what Node's client would refuse to send (two Host headers) can be sent. */
    const raw = (head: string) => new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\nconnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    try {
      expect(await raw('TRACE /api/token HTTP/1.1\r\nhost: app.test')).toMatch(/^HTTP\/1\.1 405[\s\S]*"code":"method_not_allowed"/);
      expect(await raw('GET /api/token HTTP/1.1\r\nhost: app.test\r\nhost: evil.test')).toMatch(/^HTTP\/1\.1 400[\s\S]*"code":"malformed_request"/);
    } finally {
      server.close();
    }
  });
});

describe('toNodeHandler', () => {
  it('serves the handler from node:http, as Express or Vite middleware would', async () => {
    const server = createServer(toNodeHandler(createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/token`, { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(((await res.json()) as { token: string }).token).toMatch(/^AQI/);
      const foreign = await fetch(`http://127.0.0.1:${port}/api/token`, { headers: { origin: 'http://evil.test' } });
      expect(foreign.status).toBe(403);
    } finally {
      server.close();
    }
  });
});
