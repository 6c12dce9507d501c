// What the token service says never leaks the key, and what it claims is checked (issue #11). A real HTTP
// upstream on loopback answers with bodies that echo the key: at the 160-character cut, in `detail`, in HTML,
// as plain text; and with an `expires_in_seconds` longer than asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemporaryToken, createTokenHandler, TokenMintError, type TokenEndpointFailure } from '../src/index.js';

const KEY = 'sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZ';
let upstream: Server;
let base: string;
let answer: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };
beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(answer.status, { 'content-type': answer.type });
    res.end(answer.body);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => upstream.close());

/** Every 8-character piece of the key: none may appear anywhere we print. */
const pieces = Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8));
const leaks = (text: string) => pieces.filter((p) => text.includes(p));

const mintError = async (): Promise<TokenMintError> => {
  const err = await createTemporaryToken({ apiKey: KEY, baseUrl: base }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TokenMintError);
  return err as TokenMintError;
};

describe('TokenMintError.message never holds the key', () => {
  // The key starts at every position around the old 160-character cut, so any cut would split it.
  it.each([140, 150, 155, 159, 160, 161, 170])('when the upstream error echoes the key at character %i', async (at) => {
    answer = { status: 401, type: 'application/json', body: JSON.stringify({ error: `${'x '.repeat(at / 2)}${KEY} is not a valid key` }) };
    const err = await mintError();
    expect(err.status).toBe(401);
    expect(leaks(err.message)).toEqual([]);
  });

  it.each([
    ['in detail', 401, 'application/json', JSON.stringify({ detail: [{ msg: 'bad', input: KEY }] })],
    ['after Bearer', 403, 'application/json', JSON.stringify({ error: `Key Bearer ${KEY} revoked` })],
    ['in an HTML page', 502, 'text/html', `<html><body>authorization: ${KEY}</body></html>`],
    ['in plain text', 500, 'text/plain', `upstream said authorization=${KEY}`],
    ['in a 200 that is not JSON', 200, 'text/plain', `token for ${KEY}`],
  ])('when the upstream echoes the key %s', async (_name, status, type, body) => {
    answer = { status, type, body };
    const err = await mintError();
    expect(leaks(err.message)).toEqual([]);
  });

  it('still quotes the service\'s own short reason', async () => {
    answer = { status: 401, type: 'application/json', body: '{"error":"Invalid API key"}' };
    expect((await mintError()).message).toBe('Token service answered HTTP 401: Invalid API key');
  });
});

describe('onError and the 502', () => {
  it('hands onError the reason, without the key, and tells the browser only the status', async () => {
    answer = { status: 401, type: 'application/json', body: JSON.stringify({ error: `bad key ${KEY}` }) };
    const failures: TokenEndpointFailure[] = [];
    const handler = createTokenHandler({ apiKey: KEY, baseUrl: base, rateLimit: false, allowRequestsWithoutOrigin: true, onError: (f) => failures.push(f) });
    const res = await handler(new Request('http://app.test/api/token'));
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('{"error":"Could not get a token from the speech service (upstream HTTP 401)","code":"upstream_unauthorized"}');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ reason: 'mint_failed', upstreamStatus: 401 });
    expect(failures[0]!.message).toMatch(/^could not mint a token: Token service answered HTTP 401: bad key \*\*\*/);
    expect(leaks(JSON.stringify(failures[0]!.message))).toEqual([]);
  });

  it('logs one console.error line by default', async () => {
    answer = { status: 500, type: 'text/html', body: `<p>${KEY}</p>` };
    const lines: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args);
    try {
      const res = await createTokenHandler({ apiKey: KEY, baseUrl: base, rateLimit: false, allowRequestsWithoutOrigin: true })(new Request('http://app.test/api/token'));
      expect(res.status).toBe(502);
    } finally {
      console.error = original;
    }
    expect(lines).toEqual([['@earshot/server: could not mint a token: Token service answered HTTP 500: an HTML page']]);
  });
});

describe('what the upstream claims', () => {
  it.each([
    [3600, 60],
    [30, 30],
    [-5, 60],
    ['600', 60],
  ])('clamps expires_in_seconds %j to at most what was asked (→ %i)', async (claimed, told) => {
    answer = { status: 200, type: 'application/json', body: JSON.stringify({ token: 'AQItoken', expires_in_seconds: claimed }) };
    const res = await createTokenHandler({ apiKey: KEY, baseUrl: base, rateLimit: false, expiresInSeconds: 60, allowRequestsWithoutOrigin: true })(new Request('http://app.test/t'));
    expect(await res.json()).toEqual({ token: 'AQItoken', expiresInSeconds: told });
  });
});
