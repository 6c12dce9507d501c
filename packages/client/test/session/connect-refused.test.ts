// A wrong `url` (no one listening, a server that refuses the upgrade with 404 on a wrong path) or no network: the
// socket never opens. The error says it could not connect and names the URL (never its query: the token), not that
// a connection "dropped" — over real sockets, with the `ws` package.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/src/index.js';
import { NetworkError } from '../../src/errors.js';
import { Transcriber } from '../../src/index.js';
import type { WebSocketConstructor } from '../../src/session/websocket-like.js';

const TOKEN = 'AQI-this-token-must-never-be-shown';
let emu: Emulator;
let closedPort: number;
beforeAll(async () => {
  emu = await startEmulator();
  // A port that was just free: nothing listens on it (connection refused).
  const probe: Server = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
afterAll(() => emu.close());

async function connectError(url: string): Promise<NetworkError> {
  const t = new Transcriber({ token: async () => TOKEN, url, reconnect: false, WebSocket: WebSocket as unknown as WebSocketConstructor });
  const err = await t.connect().then(() => undefined, (e: unknown) => e);
  await t.stop();
  expect(err).toBeInstanceOf(NetworkError);
  return err as NetworkError;
}

it.each([
  ['a closed port', () => `ws://127.0.0.1:${closedPort}/v3/ws`],
  ['the emulator without /v3/ws (404 to the upgrade)', () => emu.url.replace('/v3/ws', '')],
  ['the emulator on a wrong path (404 to the upgrade)', () => emu.url.replace('/v3/ws', '/v2/ws')],
])('%s: "Could not connect to <url>", not a dropped connection, and no token', async (_what, url) => {
  const err = await connectError(url());
  expect(err.code).toBe('network');
  expect(err.retriable).toBe(true);
  // The URL as the client normalised it (`ws://host:port` gains its `/`).
  expect(err.message).toBe(`Could not connect to ${new URL(url()).href} (1006): check url and the network`);
  expect(`${err.message} ${String(err)}`).not.toContain(TOKEN);
});

it('a query string the app put in `url` is not shown either', async () => {
  const err = await connectError(`ws://127.0.0.1:${closedPort}/v3/ws?secret=${TOKEN}`);
  expect(err.message).toBe(`Could not connect to ws://127.0.0.1:${closedPort}/v3/ws (1006): check url and the network`);
});

it('a connection that opened and then dropped still says it dropped', async () => {
  emu.faults = { dropAfterMs: 200 };
  try {
    const token = { url: `${emu.tokenUrl}?expires_in_seconds=60`, init: { headers: { authorization: emu.apiKey } } };
    const t = new Transcriber({ token, url: emu.url, reconnect: false, WebSocket: WebSocket as unknown as WebSocketConstructor });
    const errors: unknown[] = [];
    t.on('error', (e) => errors.push(e));
    const closed = new Promise((r) => t.once('close', r));
    await t.connect();
    await closed;
    expect(errors.map((e) => (e as Error).message)).toEqual([expect.stringMatching(/^Connection dropped: check the network \(1006/)]);
  } finally {
    emu.faults = {};
  }
});
