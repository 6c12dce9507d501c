// The token endpoint against a real Chromium (issue #11): another site's page cannot mint with a no-cors
// fetch, an <img> or a <script>, while the app's own page can. The endpoint records the Fetch Metadata
// Chromium sent, which are the sets packages/server/test/request-guard.test.ts checks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startEmulator, type Emulator } from '../../packages/emulator/src/index.js';
import { createTokenHandler, toNodeHandler } from '../../packages/server/src/index.js';

let emulator: Emulator;
let server: Server;
let port: number;
const seen: { status: number; headers: IncomingHttpHeaders }[] = [];

const ATTACK = `<!doctype html><body><script>
  window.done = (async () => {
    const target = location.href.replace('//localhost:', '//127.0.0.1:').replace('/attack.html', '/api/token');
    await fetch(target, { mode: 'no-cors' }).catch(() => undefined);
    await new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = resolve; img.src = target + '?img'; });
    await new Promise((resolve) => { const s = document.createElement('script'); s.onload = s.onerror = resolve; s.src = target + '?script'; document.body.append(s); });
    await fetch(target, { method: 'POST', mode: 'no-cors' }).catch(() => undefined);
    return 'done';
  })();
</script></body>`;
const APP = `<!doctype html><body><script>
  window.done = fetch('/api/token').then(async (r) => ({ status: r.status, body: await r.json() }));
</script></body>`;

test.beforeAll(async () => {
  emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0 });
  const tokens = toNodeHandler(createTokenHandler({ apiKey: emulator.apiKey, baseUrl: emulator.httpUrl, onError: () => undefined }));
  server = createServer((req, res) => {
    if (req.url?.startsWith('/api/token')) {
      res.on('finish', () => seen.push({ status: res.statusCode, headers: req.headers }));
      return tokens(req, res);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url === '/attack.html' ? ATTACK : APP);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(async () => {
  server.close();
  await emulator.close();
});

const metadata = (h: IncomingHttpHeaders) => ({ site: h['sec-fetch-site'], mode: h['sec-fetch-mode'], dest: h['sec-fetch-dest'] });

test('another site\'s no-cors fetch, <img> and <script> mint nothing; the app\'s own fetch mints', async ({ page }) => {
  const before = emulator.tokensMinted;
  seen.length = 0;
  // localhost and 127.0.0.1 are different sites: this page is the attacker.
  await page.goto(`http://localhost:${port}/attack.html`);
  expect(await page.evaluate(() => (window as unknown as { done: Promise<string> }).done)).toBe('done');
  expect(emulator.tokensMinted).toBe(before);
  expect(seen.map((s) => s.status)).toEqual([403, 403, 403, 403]);
  expect(seen.map((s) => metadata(s.headers))).toEqual([
    { site: 'cross-site', mode: 'no-cors', dest: 'empty' },
    { site: 'cross-site', mode: 'no-cors', dest: 'image' },
    { site: 'cross-site', mode: 'no-cors', dest: 'script' },
    { site: 'cross-site', mode: 'no-cors', dest: 'empty' },
  ]);

  seen.length = 0;
  await page.goto(`http://127.0.0.1:${port}/`);
  const own = await page.evaluate(() => (window as unknown as { done: Promise<{ status: number; body: { token: string } }> }).done);
  expect(own.status).toBe(200);
  expect(own.body.token).toMatch(/^AQI/);
  expect(emulator.tokensMinted).toBe(before + 1);
  expect(metadata(seen[0]!.headers)).toEqual({ site: 'same-origin', mode: 'cors', dest: 'empty' });
  expect(seen[0]!.headers.origin).toBeUndefined();
});
