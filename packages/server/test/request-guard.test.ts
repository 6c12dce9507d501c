// Who may spend the key's quota (issue #11): Fetch Metadata, Origin, requests with neither, trustProxy and
// allowedHosts, through the fetch handler against the emulator's real token endpoint. The Fetch Metadata
// sets are the ones Chromium sends (e2e/specs/token-endpoint.spec.ts proves them in the browser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/src/index.js';
import { createTokenHandler, type TokenHandlerOptions } from '../src/index.js';

const KEY = 'sk-guard-test-SECRET';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, recognizer: 'scripted', beginDelayMs: 0 });
});
afterAll(() => emu.close());

const handler = (options: TokenHandlerOptions = {}) => createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false, ...options });
const get = (headers: Record<string, string>, url = 'http://app.test/api/token', method = 'GET') => new Request(url, { method, headers });

/** What Chromium sends (Sec-Fetch-Site / -Mode / -Dest, and Origin where it sends one). */
const CHROMIUM = {
  sameOriginFetch: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
  sameOriginPost: { origin: 'http://app.test', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
  crossSiteNoCorsFetch: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' },
  crossSiteImg: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
  crossSiteScript: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' },
  crossSiteCors: { origin: 'http://web.test', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
  sameSiteCors: { origin: 'http://other.app.test', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
  sameOriginImg: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
  navigation: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
  crossSiteNavigation: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
};

describe('Fetch Metadata and Origin', () => {
  it.each([
    ['a same-origin fetch (GET: no Origin)', CHROMIUM.sameOriginFetch],
    ['a same-origin POST (with Origin)', CHROMIUM.sameOriginPost],
  ])('mints for %s', async (_name, headers) => {
    const res = await handler()(get(headers));
    expect(res.status).toBe(200);
  });

  it.each([
    ['a cross-site no-cors fetch', CHROMIUM.crossSiteNoCorsFetch],
    ['a cross-site <img>', CHROMIUM.crossSiteImg],
    ['a cross-site <script>', CHROMIUM.crossSiteScript],
    ['a cross-site CORS fetch from an origin not allowed', CHROMIUM.crossSiteCors],
    ['a same-site CORS fetch from another origin', CHROMIUM.sameSiteCors],
    ['a same-origin <img>', CHROMIUM.sameOriginImg],
    ['a typed-in navigation', CHROMIUM.navigation],
    ['a cross-site link', CHROMIUM.crossSiteNavigation],
    ['a foreign Origin alone (old browsers)', { origin: 'http://evil.test' }],
    ['a foreign Origin with same-origin metadata', { origin: 'http://evil.test', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }],
    ['Origin: null (sandboxed frames)', { origin: 'null' }],
  ])('refuses %s with 403, without minting', async (_name, headers) => {
    const before = emu.tokensMinted;
    const res = await handler()(get(headers));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(emu.tokensMinted).toBe(before);
  });

  it('lets an allowed origin in, cross-site CORS included, and answers its preflight', async () => {
    const h = handler({ allowedOrigins: ['http://web.test'] });
    const res = await h(get(CHROMIUM.crossSiteCors));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://web.test');
    const preflight = await h(get({ ...CHROMIUM.crossSiteCors, 'access-control-request-method': 'GET' }, undefined, 'OPTIONS'));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://web.test');
    // An allowed origin still cannot mint with an <img> or a no-cors fetch.
    expect((await h(get({ ...CHROMIUM.crossSiteImg, origin: 'http://web.test' }))).status).toBe(403);
  });
});

describe('requests with neither Origin nor Fetch Metadata', () => {
  it('are refused by default, saying how to opt in', async () => {
    const res = await handler()(get({}));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/allowRequestsWithoutOrigin/);
  });

  it('are served with allowRequestsWithoutOrigin (server-to-server callers)', async () => {
    expect((await handler({ allowRequestsWithoutOrigin: true })(get({}))).status).toBe(200);
  });

  it('200 plain requests mint nothing by default', async () => {
    const before = emu.tokensMinted;
    const h = handler();
    const statuses = await Promise.all(Array.from({ length: 200 }, () => h(get({})).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([403]));
    expect(emu.tokensMinted).toBe(before);
  });
});

describe('trustProxy and allowedHosts', () => {
  const behindProxy = { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example', origin: 'https://app.example', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

  it('behind a TLS proxy, a same-origin POST is refused without trustProxy and served with it', async () => {
    const url = 'http://internal:3000/api/token';
    expect((await handler()(get(behindProxy, url, 'POST'))).status).toBe(403);
    expect((await handler({ trustProxy: true })(get(behindProxy, url, 'POST'))).status).toBe(200);
  });

  it('ignores forwarded headers unless trustProxy, so a client cannot forge its origin', async () => {
    const forged = { 'x-forwarded-host': 'evil.test', origin: 'http://evil.test' };
    expect((await handler()(get(forged))).status).toBe(403);
  });

  it('refuses a rebinding host outside allowedHosts, and a Host that is not one', async () => {
    const rebinding = { host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };
    // Without allowedHosts the browser's own view (same origin) is all there is: documented.
    expect((await handler()(get(rebinding, 'http://evil.example/api/token'))).status).toBe(200);
    const h = handler({ allowedHosts: ['app.test', '.example.org'] });
    expect((await h(get(rebinding, 'http://evil.example/api/token'))).status).toBe(403);
    expect((await h(get(CHROMIUM.sameOriginFetch))).status).toBe(200);
    const sub = { host: 'eu.example.org', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };
    expect((await h(get(sub, 'http://eu.example.org/api/token'))).status).toBe(200);
    expect((await handler({ trustProxy: true })(get({ ...behindProxy, 'x-forwarded-host': 'a b' }, 'http://internal:3000/t'))).status).toBe(403);
  });
});

describe('the fetch handler under malformed input', () => {
  it('answers every odd Host, forwarded header and method with a 4xx, and never rejects', async () => {
    const h = handler({ trustProxy: true, onError: () => { throw new Error('a throwing hook changes nothing'); } });
    const SAME = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };
    const odd: Request[] = [
      // (An empty header counts as absent: the request's own URL answers.)
      ...['a b', '[', 'x:99999', 'a@b', 'é.example', 'a/b'].map((host) => get({ ...SAME, host })),
      ...['[', 'a b', 'x/y'].map((v) => get({ ...SAME, 'x-forwarded-host': v, 'x-forwarded-proto': 'https' })),
      ...['gopher', 'javascript'].map((v) => get({ ...SAME, 'x-forwarded-proto': v, 'x-forwarded-host': 'app.test' })),
      ...['PUT', 'DELETE', 'PATCH', 'HEAD', 'PROPFIND'].map((m) => get(SAME, undefined, m)),
      get({ ...SAME, origin: 'null' }),
      get({ 'sec-fetch-site': 'weird', 'sec-fetch-mode': 'cors' }),
      get({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'weird' }),
    ];
    const statuses = await Promise.all(odd.map((r) => h(r).then((res) => res.status)));
    expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
  });
});
