// The two commonest token-endpoint mistakes, as a browser app sees them: @earshot/server without
// ASSEMBLYAI_API_KEY (500) and with a wrong key (502), served over real HTTP, minting from the emulator. The
// client names the endpoint's error `code`, and quotes a `code` only when no key or token can have its shape.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/src/index.js';
import { createTokenHandler, toNodeHandler } from '../../../server/src/index.js';
import { TokenError } from '../../src/errors.js';
import { fetchToken } from '../../src/session/token-source.js';

const KEY = 'client-codes-test-key';
let emu: Emulator;
let server: Server;
let base: string;
/** Error bodies whose `code` holds something that may be a secret. */
const hostile: Record<string, unknown> = {
  '/code-hex-key': '0123456789abcdef0123456789abcdef',
  '/code-letters-only-key': 'abcdefabcdefabcdefabcdefabcdefab',
  '/code-token': `AQI${'x'.repeat(200)}`,
  '/code-long': `${'word_'.repeat(9)}end`,
  '/code-capitals': 'Missing_Api_Key',
  '/code-object': { value: 'missing_api_key' },
};
beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, recognizer: 'scripted' });
  const quiet = { baseUrl: emu.httpUrl, rateLimit: false as const, allowRequestsWithoutOrigin: true, onError: () => undefined };
  const routes: Record<string, (req: Parameters<ReturnType<typeof toNodeHandler>>[0], res: ServerResponse) => void> = {
    // Keys given as '' stand for a server whose environment lacks ASSEMBLYAI_API_KEY.
    '/no-key/api/token': toNodeHandler(createTokenHandler({ ...quiet, apiKey: '' })),
    '/wrong-key/api/token': toNodeHandler(createTokenHandler({ ...quiet, apiKey: 'not-the-key' })),
    '/ok/api/token': toNodeHandler(createTokenHandler({ ...quiet, apiKey: KEY })),
  };
  server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) return route(req, res);
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'failed', code: hostile[req.url ?? ''] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await emu.close();
});

const failure = (url: string) => fetchToken(url).then(() => undefined, (e: unknown) => e as TokenError);

it('a server without ASSEMBLYAI_API_KEY: "answered HTTP 500 (missing_api_key)"', async () => {
  delete process.env.ASSEMBLYAI_API_KEY;
  const err = await failure(`${base}/no-key/api/token`);
  expect(err).toBeInstanceOf(TokenError);
  expect(err!.message).toBe(`Token endpoint ${base}/no-key/api/token answered HTTP 500 (missing_api_key)`);
});

it('a wrong key: "answered HTTP 502 (upstream_unauthorized)"', async () => {
  const err = await failure(`${base}/wrong-key/api/token`);
  expect(err!.message).toBe(`Token endpoint ${base}/wrong-key/api/token answered HTTP 502 (upstream_unauthorized)`);
  expect(err!.status).toBe(502);
});

it('the right key mints', async () => {
  expect(await fetchToken(`${base}/ok/api/token`)).toMatch(/^AQI/);
});

it.each(Object.keys(hostile))('%s: a code that could be a key or a token is not quoted', async (path) => {
  const err = await failure(`${base}${path}`);
  expect(err!.message).toBe(`Token endpoint ${base}${path} answered HTTP 500: JSON with keys: error, code`);
});
