// The fault matrix (issue #5): each row a session in headless Chromium against the emulator with a fault
// injected, checking what the app sees (events, errors, transcript) and what the service received.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { bestCorrelation, joinAcrossDrop, readWavSamples, samplesOf, windowedCorrelation } from '../support/audio.js';
import { FIXTURES, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});
test.beforeEach(async ({ page }) => {
  stack.emulator.faults = {};
  await page.goto(`${stack.baseUrl}e2e/pages/capture.html`);
});

const events = (page: Page, name: string) => page.evaluate((n) => window.earshot.events(n), name) as Promise<Record<string, unknown>[]>;
const errors = (page: Page) => events(page, 'error') as Promise<{ name: string; code: string; retriable: boolean }[]>;
const SENTENCES = ['The weather is nice today.', 'Please turn on the lights.'];

test('connection dropped mid-sentence: reconnected, and the audio across both sessions covers the whole capture', async ({ page }) => {
  const first = stack.emulator.nextSession();
  stack.emulator.faults = { dropAfterMs: 1500 }; // ~1.8 s into the capture: inside the first sentence
  expect((await page.evaluate(() => window.earshot.start({ raw: true, reconnect: { baseDelayMs: 200 } }))).ok).toBe(true);
  const s0 = await first;
  stack.emulator.faults = {};
  const second = stack.emulator.nextSession();
  const s1 = await second;
  await expect.poll(() => page.evaluate(() => window.earshot.finals()), { timeout: 30_000 }).toEqual(SENTENCES);
  const reconnected = (await events(page, 'reconnected'))[0] as { attempt: number; replayedMs: number };
  expect(reconnected.attempt).toBe(1);
  expect(reconnected.replayedMs).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  const stopped = await page.evaluate(() => window.earshot.stop());
  await s1.done;

  // The second session's audio starts with a replay of audio the first one had (nothing skipped) …
  const { overlapAt, union } = joinAcrossDrop(s0.pcm(), s1.pcm());
  expect(overlapAt).toBeGreaterThanOrEqual(0);
  // … so together they hold every captured sample exactly once, and the audio is the fixture's.
  expect(Math.abs(union.length / 2 - stopped.capturedSamples)).toBeLessThanOrEqual(800);
  const reference = readWavSamples(join(FIXTURES, 'two-sentences.16k.wav'));
  const received = samplesOf(union);
  const { lag } = bestCorrelation(reference, received);
  expect(windowedCorrelation(reference, received, lag).mean).toBeGreaterThanOrEqual(0.9);
  // Turn numbers and times are on one clock: the second final comes after the first.
  const finals = (await events(page, 'final')) as { turn_order: number; words: { start: number }[] }[];
  expect(finals.map((f) => f.turn_order)).toEqual([0, 1]);
  expect(finals[1]!.words[0]!.start).toBeGreaterThan(finals[0]!.words[0]!.start + 2000);
});

test('a drop during connecting is retried and the session opens', async ({ page }) => {
  void stack.emulator.nextSession().then((s) => s.drop());
  const started = await page.evaluate(() => window.earshot.start({ reconnect: { baseDelayMs: 200 } }));
  expect(started.ok).toBe(true);
  expect((await events(page, 'reconnecting')).length).toBe(1);
  await page.evaluate(() => window.earshot.stop());
});

test('the token endpoint failing once, then succeeding', async ({ page }) => {
  stack.emulator.faults = { token: { fail: true } };
  const requests = stack.emulator.tokenRequests;
  const starting = page.evaluate(() => window.earshot.start({ reconnect: { baseDelayMs: 500 } }));
  await expect.poll(() => stack.emulator.tokenRequests).toBeGreaterThan(requests);
  stack.emulator.faults = {};
  expect((await starting).ok).toBe(true);
  const retry = (await events(page, 'reconnecting'))[0] as { cause: { name: string; code: string } };
  expect(retry.cause).toMatchObject({ name: 'TokenError', code: 'token_http' });
  await page.evaluate(() => window.earshot.stop());
});

test('the token endpoint down: a typed error after the attempts, nothing left open', async ({ page }) => {
  stack.emulator.faults = { token: { fail: true } };
  const started = await page.evaluate(() => window.earshot.start({ reconnect: { baseDelayMs: 100, maxAttempts: 3 } }));
  expect(started.ok).toBe(false);
  expect(started.error).toMatchObject({ name: 'TokenError', code: 'token_http' });
  expect((await events(page, 'reconnecting')).length).toBe(2);
  expect(await page.evaluate(() => window.earshot.state())).toBe('closed');
});

for (const [code, name, errorCode, retried] of [
  [1008, 'AuthError', 'auth_invalid', false],
  [3006, 'BadInputError', 'invalid_message', false],
  [3007, 'BadInputError', 'audio_chunk_duration', false],
  [3005, 'ServerError', 'server_error', true],
  [3008, 'SessionExpiredError', 'session_expired', true],
  [3009, 'RateLimitError', 'rate_limited', true],
] as const) {
  test(`Error ${code} → ${name} (${errorCode}), ${retried ? 'retried' : 'not retried'}`, async ({ page }) => {
    const first = stack.emulator.nextSession();
    stack.emulator.faults = { error: { code, afterMs: 300 } };
    expect((await page.evaluate(() => window.earshot.start({ reconnect: { baseDelayMs: 200 } }))).ok).toBe(true);
    await first;
    stack.emulator.faults = {};
    if (retried) {
      const retry = await expect.poll(async () => (await events(page, 'reconnecting'))[0], { timeout: 5000 }).toBeTruthy().then(() => events(page, 'reconnecting'));
      expect((retry[0] as { cause: { name: string; code: string; retriable: boolean } }).cause).toMatchObject({ name, code: errorCode, retriable: true });
      if (code === 3009) expect((retry[0] as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(2500);
      else await expect.poll(() => events(page, 'reconnected').then((r) => r.length), { timeout: 5000 }).toBe(1);
      expect(await errors(page)).toEqual([]);
    } else {
      await expect.poll(() => errors(page), { timeout: 5000 }).toEqual([expect.objectContaining({ name, code: errorCode, retriable: false })]);
      expect(await events(page, 'reconnecting')).toEqual([]);
      expect(await page.evaluate(() => window.earshot.state())).toBe('closed');
    }
    await page.evaluate(() => window.earshot.stop());
  });
}

for (const [why, faults, reconnect] of [
  ['a non-retriable error (3006)', { error: { code: 3006, afterMs: 300 } }, { baseDelayMs: 200 }],
  ['the attempts exhausted: every session fails right after Begin (3005)', { error: { code: 3005, afterMs: 100 } }, { baseDelayMs: 200, maxAttempts: 3 }],
] as const) {
  test(`an end for good without stop() — ${why}: microphone released, close says why, no error storm`, async ({ page }) => {
    const before = stack.emulator.sessions.length;
    stack.emulator.faults = faults;
    expect((await page.evaluate((r) => window.earshot.start({ reconnect: r }), reconnect)).ok).toBe(true);
    await expect.poll(() => page.evaluate(() => window.earshot.state()), { timeout: 15_000 }).toBe('closed');
    stack.emulator.faults = {};
    const released = await page.evaluate(() => window.earshot.released());
    expect(released.tracks.length).toBeGreaterThan(0);
    expect(released.tracks.every((t) => t === 'ended')).toBe(true);
    expect(released.context).toBe('closed');
    const closes = (await events(page, 'close')) as { error?: { code: string } }[];
    expect(closes).toHaveLength(1);
    expect(closes[0]!.error?.code).toBe(faults.error.code === 3006 ? 'invalid_message' : 'server_error');
    // The reconnect budget: sessions opened ≤ maxAttempts.
    if ('maxAttempts' in reconnect) expect(stack.emulator.sessions.length - before).toBe(reconnect.maxAttempts);
    const errorCount = (await errors(page)).length;
    expect(errorCount).toBe(1);
    await page.waitForTimeout(2500);
    expect(await errors(page)).toHaveLength(errorCount);
  });
}

test('a half-open connection (the service stops reading and answering) is replaced, and the session goes on', async ({ page }) => {
  const first = stack.emulator.nextSession();
  stack.emulator.faults = { stallAfterMs: 400 };
  expect((await page.evaluate(() => window.earshot.start({ halfOpenTimeoutMs: 2000, reconnect: { baseDelayMs: 200 } }))).ok).toBe(true);
  await first;
  stack.emulator.faults = {};
  const retry = await expect.poll(() => events(page, 'reconnecting'), { timeout: 10_000 }).toHaveLength(1).then(() => events(page, 'reconnecting'));
  expect((retry[0] as { cause: { code: string; message: string } }).cause).toMatchObject({ code: 'network', message: expect.stringMatching(/half-open/) });
  await expect.poll(() => events(page, 'reconnected').then((r) => r.length), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => page.evaluate(() => window.earshot.finals()).then((f) => f.length), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await errors(page)).toEqual([]);
  await page.evaluate(() => window.earshot.stop());
});

test('malformed and unknown frames become warnings and the session goes on', async ({ page }) => {
  const next = stack.emulator.nextSession();
  expect((await page.evaluate(() => window.earshot.start())).ok).toBe(true);
  const session = await next;
  session.sendRaw('{"type":"Turn","turn_order":');
  session.sendRaw('{"type":"SomethingNew","x":1}');
  await expect.poll(() => events(page, 'warning').then((w) => w.map((x) => (x as { code: string }).code)), { timeout: 5000 }).toEqual(['unparsed_frame', 'unparsed_frame']);
  await expect.poll(() => page.evaluate(() => window.earshot.finals().length), { timeout: 30_000 }).toBe(2);
  expect(await errors(page)).toEqual([]);
  await page.evaluate(() => window.earshot.stop());
});

test('a slow network: backpressure warning, then the oldest audio dropped past the bound, memory bounded', async ({ page }) => {
  test.setTimeout(120_000);
  // The kernel takes ~4 MB before the socket pushes back; 96 kHz audio (192 kB/s) gets there in ~20 s.
  const next = stack.emulator.nextSession();
  expect((await page.evaluate(() => window.earshot.start({ sampleRate: 96000, maxBufferedMs: 3000 }))).ok).toBe(true);
  (await next).stall();
  await expect.poll(() => events(page, 'warning').then((w) => w.map((x) => (x as { code: string }).code)), { timeout: 90_000, intervals: [1000] }).toContain('backpressure');
  // Past maxBufferedMs of held audio the oldest is dropped, with an error saying how much: the buffer never grows beyond it.
  await expect.poll(() => errors(page).then((e) => e.map((x) => x.code)), { timeout: 60_000, intervals: [1000] }).toContain('audio_dropped');
  // Reported at most once a second, each saying how much was lost, not once per frame.
  await page.waitForTimeout(3000);
  const drops = (await errors(page)).filter((e) => e.code === 'audio_dropped') as unknown as { message: string }[];
  expect(drops.length).toBeLessThanOrEqual(5);
  expect(drops.at(-1)!.message).toMatch(/^\d+ ms of the oldest audio dropped/);
  // stop() still settles: the audio that cannot be sent is given up after stopTimeoutMs.
  const stopped = await page.evaluate(() => window.earshot.stop());
  expect(stopped.state).toBe('closed');
  expect(stopped.tracks.every((t) => t === 'ended')).toBe(true);
});

test('the microphone unplugged: capture switches to the default device and the session goes on', async ({ page }) => {
  const next = stack.emulator.nextSession();
  expect((await page.evaluate(() => window.earshot.start())).ok).toBe(true);
  const session = await next;
  await page.waitForTimeout(500);
  await page.evaluate(() => window.earshot.unplug());
  await expect.poll(() => events(page, 'deviceChange').then((d) => d.length), { timeout: 5000 }).toBe(1);
  const before = session.pcm().length;
  await page.waitForTimeout(1000);
  expect(session.pcm().length - before).toBeGreaterThanOrEqual(16000); // ≥ 0.5 s more audio arrived
  expect(await page.evaluate(() => window.earshot.state())).toBe('open');
  const stopped = await page.evaluate(() => window.earshot.stop());
  expect(stopped.tracks.every((s) => s === 'ended')).toBe(true);
});

test('the devices helpers list the microphone and report the permission', async ({ page }) => {
  expect((await page.evaluate(() => window.earshot.start())).ok).toBe(true);
  const mics = await page.evaluate(() => window.earshot.microphones());
  expect(mics.length).toBeGreaterThan(0);
  expect(mics.every((m) => typeof m.deviceId === 'string' && typeof m.label === 'string')).toBe(true);
  expect(await page.evaluate(() => window.earshot.permission())).toBe('granted');
  await page.evaluate(() => window.earshot.stop());
});

test('no microphone left: the session pauses with a typed error', async ({ page }) => {
  expect((await page.evaluate(() => window.earshot.start())).ok).toBe(true);
  await page.evaluate(() => {
    window.earshot.noMoreMicrophones();
    window.earshot.unplug();
  });
  await expect.poll(() => errors(page), { timeout: 5000 }).toEqual([expect.objectContaining({ name: 'CaptureError', code: 'mic_not_found' })]);
  expect(await page.evaluate(() => window.earshot.paused())).toBe(true);
  expect(await page.evaluate(() => window.earshot.state())).toBe('open');
  await page.evaluate(() => window.earshot.stop());
});

test('leaving the page sends Terminate', async ({ page }) => {
  const next = stack.emulator.nextSession();
  expect((await page.evaluate(() => window.earshot.start())).ok).toBe(true);
  const session = await next;
  await page.goto('about:blank');
  await expect.poll(() => session.frames.some((f) => f.text === '{"type":"Terminate"}'), { timeout: 5000 }).toBe(true);
  // The browser closes the socket as the page goes (1001); the service has the Terminate by then.
  expect([1000, 1001]).toContain((await session.done).code);
});

test('100 start/stop cycles leave no live track, open AudioContext, open socket or listener behind', async ({ page }) => {
  test.setTimeout(180_000);
  const sessionsBefore = stack.emulator.sessions.length;
  const result = await page.evaluate(() => window.earshot.cycles(100));
  expect(result).toEqual({ failures: 0, liveTracks: 0, openContexts: 0, pagehideListeners: 0, cycles: 100 });
  await page.waitForTimeout(500);
  const sessions = stack.emulator.sessions.slice(sessionsBefore);
  expect(sessions).toHaveLength(100);
  expect(sessions.filter((s) => !s.closed)).toEqual([]);
});
