// What every README recipe of a token endpoint must do, checked from outside as a browser (or an attacker) would
// see it: mint a token the emulator accepts, and refuse what packages/server/README.md's security model says.
import { expect } from '@playwright/test';
import { WebSocket } from 'ws';
import type { Emulator } from '../../../packages/emulator/src/index.js';

/** What the endpoint needs beyond a browser's headers. */
export interface EndpointChecks {
  /** Headers a signed-in user's browser adds (a session cookie); with it set, a request without them gets 401. */
  signedIn?: Record<string, string>;
  /** Headers every request carries (`X-Forwarded-For` for an endpoint behind a proxy). */
  always?: Record<string, string>;
  /**
   * What `PUT` and `HEAD` get: the handler answers 405 to any method but GET, POST and OPTIONS; a framework that
   * routes only GET and POST to it answers the others itself (404), and may route HEAD to GET's handler.
   */
  put?: number;
  head?: number;
}

/** The headers Chromium sends with a page's own `fetch('/api/token')`. */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
/** The rate limit's default: a burst of 10 per client (packages/server/README.md). */
const BURST = 10;

/** Resolves with the session's first message once a socket with `token` is open on the emulator. */
function openSession(emu: Emulator, token: string): Promise<{ type?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${emu.url}?sample_rate=16000&token=${encodeURIComponent(token)}`);
    socket.once('message', (data) => {
      socket.close();
      resolve(JSON.parse(data.toString()) as { type?: string });
    });
    socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()} before any message`)));
    socket.once('error', reject);
  });
}

/**
 * Checks the endpoint at `url` (a fresh one: its rate-limit bucket for this client still full). It refuses other
 * methods (405), other sites' requests, header-less callers and foreign origins (403), an unsigned user when
 * `signedIn` is given (401); mints for a page's own GET and POST, with tokens the emulator opens a session for;
 * and after the burst answers 429 with Retry-After.
 */
export async function expectTokenEndpoint(url: string, emu: Emulator, checks: EndpointChecks = {}): Promise<void> {
  const origin = new URL(url).origin;
  const always = checks.always ?? {};
  const user = { ...always, ...checks.signedIn };
  const ask = async (init: RequestInit & { headers?: Record<string, string> }) => {
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, text, headers: response.headers };
  };

  expect((await ask({ method: 'PUT', headers: { ...user, ...SAME_ORIGIN } })).status, 'PUT').toBe(checks.put ?? 405);
  expect((await ask({ method: 'HEAD', headers: { ...user, ...SAME_ORIGIN } })).status, 'HEAD').toBe(checks.head ?? 405);
  // Another site's <img>, <script> or no-cors fetch: the browser labels it cross-site.
  const crossSite = await ask({ headers: { ...user, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' } });
  expect(crossSite.status, `cross-site: ${crossSite.text}`).toBe(403);
  // curl, a script or a server that sends neither Origin nor Fetch Metadata.
  expect((await ask({ headers: user })).status, 'no Origin, no Sec-Fetch-Site').toBe(403);
  // An old browser's cross-origin POST: an Origin that is not the endpoint's own.
  expect((await ask({ method: 'POST', headers: { ...user, origin: 'https://evil.example' } })).status, 'foreign Origin').toBe(403);

  let counted = 0; // requests the rate limit counted (it runs before authorize)
  if (checks.signedIn) {
    const unsigned = await ask({ headers: { ...always, ...SAME_ORIGIN } });
    expect(unsigned.status, `not signed in: ${unsigned.text}`).toBe(401);
    counted++;
  }

  const minted = emu.tokensMinted;
  const get = await ask({ headers: { ...user, ...SAME_ORIGIN } });
  expect(get.status, `the page's GET: ${get.text}`).toBe(200);
  expect(get.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(get.text) as { token?: unknown; expiresInSeconds?: unknown };
  expect(body.expiresInSeconds).toBe(60);
  expect(typeof body.token).toBe('string');
  expect(emu.tokensMinted, 'minted by the emulator').toBe(minted + 1);
  expect((await openSession(emu, body.token as string)).type, 'the token opens a session').toBe('Begin');
  // Browsers without Fetch Metadata use POST, which carries Origin.
  const post = await ask({ method: 'POST', headers: { ...user, origin } });
  expect(post.status, `POST with the page's Origin: ${post.text}`).toBe(200);
  counted += 2;

  // The rest of the burst, then 429.
  for (; counted < BURST; counted++) expect((await ask({ headers: { ...user, ...SAME_ORIGIN } })).status, `request ${counted + 1}`).toBe(200);
  const flood = await ask({ headers: { ...user, ...SAME_ORIGIN } });
  expect(flood.status, `request ${BURST + 1}: ${flood.text}`).toBe(429);
  expect(Number(flood.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}
