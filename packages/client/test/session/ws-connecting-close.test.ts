// With the real `ws` socket in Node: closing a socket that is still CONNECTING (stop(), the connect timeout, an
// aborted signal, all before the upgrade is answered) makes `ws` emit 'error' a tick later. With no listener left
// that error is unhandled and ends the process.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { Transcriber } from '../../src/index.js';
import type { WebSocketConstructor } from '../../src/session/websocket-like.js';

// A TCP server that accepts and never answers the HTTP upgrade (a black hole, a stuck proxy).
let server: Server;
let url: string;
const sockets: Socket[] = [];
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
beforeAll(async () => {
  server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v3/ws`;
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  return new Promise((r) => server.close(r));
});
beforeEach(() => {
  uncaught.length = 0;
  process.on('uncaughtException', onUncaught);
});
afterEach(() => process.off('uncaughtException', onUncaught));

const make = () => new Transcriber({ token: async () => 'tok', url, WebSocket: WebSocket as unknown as WebSocketConstructor, connectTimeoutMs: 400, reconnect: false });
const settled = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const connectionArrived = async () => {
  const before = sockets.length;
  await expect.poll(() => sockets.length, { timeout: 5000 }).toBeGreaterThan(before);
};

it('stop() while the socket is connecting: connect() rejects aborted, nothing unhandled', async () => {
  const t = make();
  const connecting = settled(t.connect());
  await connectionArrived();
  await t.stop();
  expect(await connecting).toBe('aborted');
  await tick(100);
  expect(uncaught).toEqual([]);
  expect(t.state).toBe('closed');
});

it('the connect timeout before the upgrade: connect() rejects connect_timeout, nothing unhandled', async () => {
  const t = make();
  expect(await settled(t.connect())).toBe('connect_timeout');
  await tick(100);
  expect(uncaught).toEqual([]);
});

it('an aborted signal while connecting: connect() rejects aborted, nothing unhandled', async () => {
  const t = make();
  const ac = new AbortController();
  const connecting = settled(t.connect({ signal: ac.signal }));
  await connectionArrived();
  ac.abort();
  expect(await connecting).toBe('aborted');
  await tick(100);
  expect(uncaught).toEqual([]);
});
