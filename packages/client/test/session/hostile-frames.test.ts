// Invariant 8 with the real `ws` socket in Node: no server frame — hostile JSON, inherited `type` names, binary,
// listeners that throw — can throw out of a socket handler and take the app down.
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { Transcriber } from '../../src/index.js';
import type { WebSocketConstructor } from '../../src/session/websocket-like.js';

const HOSTILE = [
  '{"type":"constructor"}', '{"type":"__proto__"}', '{"type":"toString"}', '{"type":"hasOwnProperty"}', '{"type":"valueOf"}',
  '{"type":"SpeakerRevision","revisions":[{"turn_order":0}]}', '{"type":"SpeakerRevision","revisions":[null]}',
  '{"type":"Turn","turn_order":0,"end_of_turn":true,"transcript":"x","words":[null]}', 'null', '[]', '{', '"Begin"',
  '{"type":"Begin","id":"again","expires_at":1}', '{"type":"Heartbeat"}',
];
const TURN = { type: 'Turn', turn_order: 0, end_of_turn: true, turn_is_formatted: true, transcript: 'Still here.', end_of_turn_confidence: 1, words: [{ text: 'Still', start: 0, end: 300, confidence: 1, word_is_final: true }] };

let server: WebSocketServer;
let url: string;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v3/ws`;
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'Begin', id: 'hostile', expires_at: 1 }));
    for (const frame of HOSTILE) socket.send(frame);
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(JSON.stringify(TURN));
    socket.on('message', (data, binary) => {
      if (!binary && JSON.parse(String(data)).type === 'Terminate') socket.close(1000);
    });
  });
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => process.on('uncaughtException', onUncaught));
afterEach(() => process.off('uncaughtException', onUncaught));

it('survives every hostile frame and throwing listeners: frames become warnings, the final still arrives', async () => {
  const t = new Transcriber({ token: async () => 'tok', url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  const warnings: string[] = [];
  const finals: string[] = [];
  const errors: string[] = [];
  t.on('warning', (w) => {
    warnings.push(w.raw ?? w.message);
    throw new Error('a warning listener that throws');
  });
  t.on('turn', () => {
    throw new Error('a turn listener that throws');
  });
  t.on('final', (turn) => finals.push(turn.transcript));
  t.on('error', (e) => errors.push(e.code));
  await t.connect();
  await expect.poll(() => finals, { timeout: 5000 }).toEqual(['Still here.']);
  expect(t.state).toBe('open');
  // Every hostile text frame but the known, well-formed ones is reported, and so are a second Begin and the binary
  // frame. (An unsolicited Termination ends what is read of the session: out-of-order-frames.test.ts.)
  expect(warnings).toEqual(expect.arrayContaining(['{"type":"constructor"}', '{"type":"__proto__"}', '{"type":"toString"}', 'null', '{', 'Ignored a binary frame', 'Ignored a second Begin']));
  expect(errors.every((c) => c === 'listener_threw')).toBe(true);
  expect(errors.length).toBeGreaterThan(0);
  await t.stop();
  expect(uncaught).toEqual([]);
});
