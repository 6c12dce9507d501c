// Frames the protocol never sends in that place — anything before Begin, a second Begin, anything after a
// Termination — are ignored with an `unparsed_frame` warning: no turn reaches the app from them, the session
// keeps its first id. And an Error frame's code that is no close code does not become the session's close code.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { TranscriberWarning } from '../../src/session/events.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { final, make, open } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function watch(t: ReturnType<typeof make>) {
  const warnings: TranscriberWarning[] = [];
  const turns: string[] = [];
  t.on('warning', (w) => warnings.push(w));
  t.on('turn', (m) => turns.push(m.transcript));
  return { warnings, turns };
}

it('a Turn before Begin is ignored with a warning', async () => {
  const t = make();
  const { warnings, turns } = watch(t);
  const connecting = t.connect();
  await vi.advanceTimersByTimeAsync(1);
  const ws = FakeWebSocket.last;
  ws.serverOpen();
  ws.serverSend(final(0, 'EARLY', 0, 100));
  ws.serverBegin('s1');
  await connecting;
  ws.serverSend(final(0, 'On time.', 0, 100));
  expect(turns).toEqual(['On time.']);
  expect(warnings.map((w) => w.code)).toEqual(['unparsed_frame']);
  expect(warnings[0]!.message).toMatch(/Turn.*before Begin/);
});

it('a second Begin is ignored with a warning; the session keeps its id', async () => {
  const t = make();
  const { warnings, turns } = watch(t);
  const ws = await open(t);
  const id = t.sessionId;
  ws.serverSend({ type: 'Begin', id: 'other', expires_at: 1 });
  ws.serverSend(final(0, 'Still here.', 0, 100));
  expect(t.sessionId).toBe(id);
  expect(turns).toEqual(['Still here.']);
  expect(warnings.map((w) => w.code)).toEqual(['unparsed_frame']);
  expect(warnings[0]!.message).toMatch(/second Begin/);
});

it('frames after an unsolicited Termination are ignored with warnings', async () => {
  const t = make();
  const { warnings, turns } = watch(t);
  const ws = await open(t);
  ws.serverSend(final(0, 'Before.', 0, 100));
  ws.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
  ws.serverSend(final(1, 'AFTER', 200, 300));
  ws.serverSend({ type: 'Begin', id: 'again', expires_at: 1 });
  expect(turns).toEqual(['Before.']);
  expect(warnings.map((w) => w.code)).toEqual(['unparsed_frame', 'unparsed_frame']);
  expect(warnings[0]!.message).toMatch(/Turn.*after Termination/);
});

it.each(['{}', '1e999', '99999'])('an Error frame with error_code %s: the close code decides, and close.code is that code', async (code) => {
  const t = make({ reconnect: false });
  const closes: { code: number; error?: { code: string; closeCode?: number } }[] = [];
  t.on('close', (c) => closes.push(c));
  t.on('error', () => undefined);
  const ws = await open(t);
  ws.serverSend(`{"type":"Error","error":"Invalid Message","error_code":${code}}`);
  ws.serverClose(3006);
  expect(closes).toHaveLength(1);
  expect(closes[0]!.code).toBe(3006);
  expect(closes[0]!.error).toMatchObject({ code: 'invalid_message', closeCode: 3006 });
});

it('a service Warning quotes at most about 1 kB of its frame', async () => {
  const t = make();
  const { warnings } = watch(t);
  const ws = await open(t);
  ws.serverSend({ type: 'Warning', warning: 'w'.repeat(50_000) });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.raw!.length).toBeLessThan(1100);
  expect(warnings[0]!.raw).toMatch(/50\d{3} characters/);
});
