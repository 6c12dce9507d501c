// @earshot/vad in headless Chromium (issue #6): vad-web offline on Earshot's shared microphone, with a
// fixture of three utterances 5 s apart as the fake microphone.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readWavSamples } from '../support/audio.js';
import { FIXTURES, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});

/** The fixture's utterances, from its energy: [start, end] in ms. */
function utterances(): [number, number][] {
  const ref = readWavSamples(join(FIXTURES, 'long-pauses.16k.wav'));
  const found: [number, number][] = [];
  let last = -Infinity;
  for (let i = 0; i + 160 <= ref.length; i += 160) {
    let energy = 0;
    for (let j = i; j < i + 160; j++) energy += ref[j]! * ref[j]!;
    if (Math.sqrt(energy / 160) < 300) continue;
    const t = i / 16;
    if (t - last > 400) found.push([t, t + 10]);
    found.at(-1)![1] = t + 10;
    last = t;
  }
  return found;
}
const SENTENCES = ['Hello world this is a test.', 'Please turn on the lights.', 'The weather is nice today.'];

test('speechStart and speechEnd for each utterance, close to its true onset and end, on the session clock', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  await page.evaluate(() => window.vadTest.attach());
  await expect.poll(() => page.evaluate(() => window.vadTest.events('speechEnd').length), { timeout: 40_000, intervals: [1000] }).toBe(3);
  const starts = (await page.evaluate(() => window.vadTest.events('speechStart'))).map((e) => (e.data as { at: number }).at);
  const ends = (await page.evaluate(() => window.vadTest.events('speechEnd'))).map((e) => e.data as { start: number; end: number; probability: number });
  const truth = utterances();
  expect(truth).toHaveLength(3);
  truth.forEach(([onset, end], i) => {
    // Measured here: starts 75–115 ms before the energy onset (vad-web's pre-speech frames), ends ~90 ms before.
    // The bounds leave room for the fake microphone's 0–140 ms start offset.
    expect(starts[i]! - onset).toBeGreaterThanOrEqual(-350);
    expect(starts[i]! - onset).toBeLessThanOrEqual(250);
    expect(ends[i]!.start).toBe(starts[i]);
    expect(ends[i]!.end - end).toBeGreaterThanOrEqual(-350);
    expect(ends[i]!.end - end).toBeLessThanOrEqual(350);
    expect(ends[i]!.probability).toBeGreaterThan(0.9);
  });
  expect(await page.evaluate(() => window.vadTest.events('vadMisfire').length)).toBe(0);
  await page.evaluate(() => window.vadTest.stop());
});

test('the shared microphone: one getUserMedia, and its tracks stay live after the VAD is paused and destroyed', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  await page.evaluate(() => window.vadTest.attach());
  expect(await page.evaluate(() => window.vadTest.getUserMediaCalls())).toBe(1);
  const tracks = await page.evaluate(() => window.vadTest.pauseAndDestroy());
  expect(tracks.afterPause).toEqual(['live']);
  expect(tracks.afterDestroy).toEqual(['live']);
  // And the session still gets audio.
  const session = stack.emulator.sessions.at(-1)!;
  const before = session.pcm().length;
  await page.waitForTimeout(600);
  expect(session.pcm().length).toBeGreaterThan(before + 8000);
  await page.evaluate(() => window.vadTest.stop());
});

for (const afterMs of [0, 50, 400]) {
  test(`hands-free stop() ${afterMs} ms into start() (the detector loading, the microphone opening): start() settles and no microphone is left on`, async ({ page }) => {
    await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
    const result = await page.evaluate((ms) => window.vadTest.handsFreeStopDuringStart(ms), afterMs);
    // Started before stop() came, or cancelled by it: never a microphone opened after stop().
    expect(['resolved', 'rejected aborted']).toContain(result.started);
    expect(result.stopped).toBe('resolved');
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => window.vadTest.liveTracks())).toBe(0);
  });
}

test('hands-free: one session per utterance, opened on speech, with the first word in its audio — even with a throwing listener', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  const sessionsBefore = stack.emulator.sessions.length;
  await page.evaluate(() => window.vadTest.handsFree({ endAfterSilenceMs: 1000, throwingListeners: true }));
  // No session while nobody speaks.
  expect(stack.emulator.sessions.length).toBe(sessionsBefore);
  await expect.poll(() => page.evaluate(() => window.vadTest.events('sessionEnd').length), { timeout: 40_000, intervals: [1000] }).toBe(3);
  const result = await page.evaluate(() => window.vadTest.stopHandsFree());
  expect(result.sessions).toBe(3);
  const sessions = stack.emulator.sessions.slice(sessionsBefore);
  expect(sessions).toHaveLength(3);
  // Each session read its utterance whole: the first word came from the pre-roll sent before the VAD decided.
  const finals = (await page.evaluate(() => window.vadTest.events('final'))).map((e) => (e.data as { transcript: string }).transcript);
  expect(finals).toEqual(SENTENCES);
  sessions.forEach((s, i) => {
    const final = s.sent().find((m) => m.type === 'Turn' && m.end_of_turn) as { words: { text: string; start: number }[] };
    expect(final.words[0]!.text).toBe(SENTENCES[i]!.split(' ')[0]);
    // The session's audio begins before the utterance: the pre-roll (1 s) holds its onset.
    expect(final.words[0]!.start).toBeGreaterThan(100);
    expect(s.closed?.code).toBe(1000);
  });
  expect(await page.evaluate(() => window.vadTest.getUserMediaCalls())).toBe(1);
  // The throwing sessionStart listener was reported each time as a typed error, and starved nothing.
  const errors = (await page.evaluate(() => window.vadTest.events('error'))).map((e) => e.data);
  expect(errors).toEqual(Array(3).fill({ name: 'UsageError', code: 'listener_threw', earshot: true }));
});

test('the hands-free example page: the indicator, a session opening and closing on its own, and captions', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${stack.baseUrl}examples/hands-free/`);
  await page.getByRole('button', { name: 'Listen' }).click();
  await expect(page.locator('#speech')).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });
  await expect(page.locator('#session')).toHaveText('session open', { timeout: 5000 });
  await expect(page.locator('#captions p.final').first()).toHaveText(SENTENCES[0]!, { timeout: 15_000 });
  await expect(page.locator('#session')).toHaveText('no session', { timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath('hands-free.png') });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Listen' })).toBeEnabled();
  await expect(page.locator('#error')).toBeHidden();
});
