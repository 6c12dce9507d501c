// The built-in rate limit (issue #11): one client cannot mint without end. Over real HTTP (toNodeHandler,
// the peer address as the key) and with the bucket's refill checked on an injected clock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/src/index.js';
import { createTokenHandler, MemoryRateLimitStore, toNodeHandler, type RateLimitStore, type TokenHandlerOptions } from '../src/index.js';

const KEY = 'sk-rate-test-SECRET';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, recognizer: 'scripted', beginDelayMs: 0 });
});
afterAll(() => emu.close());

const SAME = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

async function serve(options: TokenHandlerOptions): Promise<{ url: string; server: Server }> {
  const server = createServer(toNodeHandler(createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, ...options })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/token` };
}

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client has used its burst, minting nothing more', async () => {
    const { server, url } = await serve({});
    try {
      const before = emu.tokensMinted;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 15; i++) {
        const res = await fetch(url, { headers: SAME });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      }
      // The default burst is 10: ten tokens, then 429s (a refill within the loop could allow one more).
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(statuses.slice(11)).toEqual(Array(4).fill(429));
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(emu.tokensMinted - before).toBeLessThanOrEqual(11);
    } finally {
      server.close();
    }
  });

  it('counts each client apart (by default the peer address; with trustProxy the last X-Forwarded-For)', async () => {
    const { server, url } = await serve({ trustProxy: true, rateLimit: { burst: 2, perMinute: 1 } });
    try {
      const status = (ip: string) => fetch(url, { headers: { ...SAME, 'x-forwarded-for': `1.1.1.1, ${ip}` } }).then((r) => r.status);
      expect([await status('10.0.0.1'), await status('10.0.0.1'), await status('10.0.0.1')]).toEqual([200, 200, 429]);
      expect(await status('10.0.0.2')).toBe(200);
    } finally {
      server.close();
    }
  });

  it('in a fetch-style route (no client address), shares one bucket without trustProxy and counts visitors apart with it', async () => {
    // The root README's Next.js route: the handler called with a Request alone, behind a proxy setting X-Forwarded-For.
    const visit = (handler: (r: Request) => Promise<Response>, ip: string) =>
      handler(new Request('https://app.example/api/token', { headers: { ...SAME, 'x-forwarded-for': ip } })).then((r) => r.status);
    const options = { apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: { burst: 2, perMinute: 1 } };
    const shared = createTokenHandler(options);
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect([await visit(shared, '203.0.113.1'), await visit(shared, '203.0.113.2'), await visit(shared, '203.0.113.3')]).toEqual([200, 200, 429]);
    } finally {
      console.warn = warn;
    }
    const proxied = createTokenHandler({ ...options, trustProxy: true });
    expect([await visit(proxied, '203.0.113.1'), await visit(proxied, '203.0.113.2'), await visit(proxied, '203.0.113.3')]).toEqual([200, 200, 200]);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 one', async () => {
    const { server, url } = await serve({ trustProxy: true, rateLimit: { burst: 2, perMinute: 1 } });
    try {
      const status = (ip: string) => fetch(url, { headers: { ...SAME, 'x-forwarded-for': ip } }).then((r) => r.status);
      // Three addresses of one /64: one client, whose burst of 2 is then spent.
      expect([await status('2001:db8:7:1::1'), await status('2001:db8:7:1::2'), await status('2001:db8:7:1:abcd::3')]).toEqual([200, 200, 429]);
      expect(await status('2001:db8:7:2::1')).toBe(200);
      expect([await status('198.51.100.4'), await status('::ffff:198.51.100.4'), await status('::ffff:c633:6404')]).toEqual([200, 200, 429]);
    } finally {
      server.close();
    }
  });

  it('uses the app\'s own store and key when given, and can be turned off', async () => {
    const seen: string[] = [];
    const store: RateLimitStore = { take: async (key) => (seen.push(key), key === 'user-1' ? { allowed: false, retryAfterSeconds: 42 } : { allowed: true }) };
    const h = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: { store, key: (req) => req.headers.get('x-user') ?? 'anon' } });
    const res = await h(new Request('http://app.test/t', { headers: { ...SAME, 'x-user': 'user-1' } }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect((await h(new Request('http://app.test/t', { headers: { ...SAME, 'x-user': 'user-2' } }))).status).toBe(200);
    expect(seen).toEqual(['user-1', 'user-2']);
    const off = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: false });
    const all = await Promise.all(Array.from({ length: 20 }, () => off(new Request('http://app.test/t', { headers: SAME })).then((r) => r.status)));
    expect(new Set(all)).toEqual(new Set([200]));
  });
});

describe('without a client address', () => {
  it('shares one bucket and says so once', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const h = createTokenHandler({ apiKey: KEY, baseUrl: emu.httpUrl, rateLimit: { burst: 2 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await h(new Request('http://app.test/t', { headers: SAME }))).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      console.warn = original;
    }
    expect(warnings).toEqual([['@earshot/server: the rate limit sees no client address, so all requests share one bucket; behind a proxy set trustProxy, or give rateLimit.key']]);
  });
});

describe('MemoryRateLimitStore (token bucket)', () => {
  it('refills at perMinute and says how long to wait', () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ burst: 2, perMinute: 6, now: () => now });
    expect([store.take('a'), store.take('a')]).toEqual([{ allowed: true }, { allowed: true }]);
    expect(store.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now = 9_000;
    expect(store.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 10_000;
    expect(store.take('a')).toEqual({ allowed: true });
  });

  it('stays bounded under a flood of distinct keys, forgetting the least recent', () => {
    const store = new MemoryRateLimitStore({ burst: 1, perMinute: 1, maxClients: 100, now: () => 0 });
    store.take('victim');
    for (let i = 0; i < 10_000; i++) store.take(`spoofed-${i}`);
    expect((store as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(100);
  });

  it('refuses nonsense settings at construction', () => {
    expect(() => new MemoryRateLimitStore({ burst: 0 })).toThrow(RangeError);
    expect(() => createTokenHandler({ rateLimit: { perMinute: -1 } })).toThrow(RangeError);
  });
});
