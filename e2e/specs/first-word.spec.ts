// No first word lost (issue #4 §5): speech starts the moment capture starts, long before Begin arrives
// (the emulator answers after 1.2 s, as the live service does); it must still be in what the service got.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { bestCorrelation, readWavSamples, samplesOf } from '../support/audio.js';
import { FIXTURES, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 1200 });
});
test.afterAll(async () => {
  await stack.close();
});

test('speech from the first instant of capture reaches the service and the transcript', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/capture.html`);
  const next = stack.emulator.nextSession();
  const started = await page.evaluate(() => window.earshot.start({ raw: true }));
  expect(started.ok).toBe(true);
  const session = await next;
  await expect.poll(() => page.evaluate(() => window.earshot.finals()), { timeout: 20_000 }).toEqual(['Hello world this is a test.']);
  await page.evaluate(() => window.earshot.stop());
  await session.done;

  // The fixture's speech starts ~0.1 s into the file. The 50 ms before its onset and the first 400 ms of
  // the word ("hel…") are all in the received audio.
  const reference = readWavSamples(join(FIXTURES, 'first-word.16k.wav'));
  const onset = reference.findIndex((s) => Math.abs(s) > 1000);
  const from = onset - 800;
  const firstWord = reference.subarray(from, onset + 6400);
  const received = samplesOf(session.pcm());
  const { correlation, lag } = bestCorrelation(firstWord, received, 4000, -from);
  test.info().annotations.push({ type: 'first word', description: `onset at ${onset} samples; correlation ${correlation.toFixed(4)}; found at ${from + lag}` });
  expect(correlation).toBeGreaterThanOrEqual(0.9);
  expect(from + lag).toBeGreaterThanOrEqual(0);
  // And the words of that first second are timed from the start of the stream.
  const final = session.sent().find((m) => m.type === 'Turn' && m.end_of_turn) as { words: { text: string; start: number }[] };
  expect(final.words[0]!.text).toBe('Hello');
  expect(final.words[0]!.start).toBeLessThan(500);
});
