// A service that sends a 1 MB text in an Error frame or a Warning: what reaches the app — an EarshotError's message,
// a warning's message and its `warning` — is bounded to about 1 kB and says how long the text was, over the real
// `ws` socket in Node as in a browser. Without the bound, a hostile or broken service could make every error log and
// UI that shows `err.message` carry a megabyte.
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Transcriber, type EarshotError, type TranscriberWarning } from '../../src/index.js';
import { parseServerMessage } from '../../src/protocol/parse-message.js';
import type { WebSocketConstructor } from '../../src/session/websocket-like.js';

const HUGE = 1_000_000;
const text = (head: string) => `${head} ${'x'.repeat(HUGE)}`;

let server: WebSocketServer;
let url: string;
beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v3/ws`;
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'Begin', id: 'hostile-text', expires_at: 1 }));
    socket.send(JSON.stringify({ type: 'Warning', warning_code: 1, warning: text('Slow down') }));
    socket.send(JSON.stringify({ type: 'Error', error_code: 3006, error: text('Invalid Message Type: Bogus') }));
    socket.close(3006, 'See Error message for details');
  });
});
afterAll(() => new Promise((r) => server.close(r)));

it('a 1 MB Error text and Warning text reach the app bounded to about 1 kB, naming their length', async () => {
  const t = new Transcriber({ token: async () => 'tok', url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  const warnings: TranscriberWarning[] = [];
  const errors: EarshotError[] = [];
  t.on('warning', (w) => warnings.push(w));
  t.on('error', (e) => errors.push(e));
  await t.connect();
  await expect.poll(() => t.state, { timeout: 5000 }).toBe('closed');

  expect(errors).toHaveLength(1);
  const error = errors[0]!;
  // Still mapped by its text: the bound keeps the start of it.
  expect(error).toMatchObject({ name: 'BadInputError', code: 'invalid_message', closeCode: 3006 });
  expect(error.message).toContain('Invalid Message Type: Bogus');
  expect(error.message.length).toBeLessThan(1200);
  expect(error.message).toContain(`(${HUGE + 28} characters)`);

  const warning = warnings.find((w) => w.code === 'service_warning')!;
  expect(warning.message.startsWith('Slow down')).toBe(true);
  expect(warning.message.length).toBeLessThan(1100);
  expect(warning.message).toContain(`(${HUGE + 10} characters)`);
  expect(JSON.stringify(warning).length).toBeLessThan(4000);
});

it('the parser bounds the text of Error (also the legacy form) and Warning, and leaves short texts alone', () => {
  for (const raw of [
    JSON.stringify({ type: 'Error', error_code: 3005, error: text('e') }),
    JSON.stringify({ error: text('e') }),
    JSON.stringify({ type: 'Warning', warning: text('w') }),
  ]) {
    const parsed = parseServerMessage(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) continue;
    const shown = parsed.message.type === 'Error' ? parsed.message.error : parsed.message.type === 'Warning' ? parsed.message.warning : '';
    expect(shown.length).toBeLessThan(1100);
    expect(shown).toContain(`(${HUGE + 2} characters)`);
  }
  expect(parseServerMessage('{"type":"Warning","warning":"short"}')).toMatchObject({ ok: true, message: { warning: 'short' } });
});
