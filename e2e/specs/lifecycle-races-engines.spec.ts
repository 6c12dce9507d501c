// Lifecycle races in every engine (Chromium, Firefox ESR, WebKitGTK with PulseAudio as the microphone): stop() at
// each point of start(), Stop-then-Start, and an end by the service while paused leave no live track and no open
// AudioContext, and every promise settles. Uses e2e/pages/lifecycle-races.ts (it tracks every track and context).
import { expect, test } from '../support/engine-test.js';
import type { EngineDriver } from '../support/engines.js';
import { waitFor } from '../support/processes.js';

const open = async (engine: EngineDriver, baseUrl: string) => {
  await engine.goto(`${baseUrl}e2e/pages/lifecycle-races.html`);
  await waitFor(() => engine.evaluate(() => typeof window.lifecycle === 'object'), 10_000, 'window.lifecycle');
  await engine.click();
};
const nothingLeft = async (engine: EngineDriver) => {
  await expect.poll(() => engine.evaluate(() => window.lifecycle.leftovers()), { timeout: 3000 }).toEqual({ liveTracks: 0, openContexts: 0 });
  expect(await engine.evaluate(() => window.lifecycle.uncaught)).toEqual([]);
};

test('stop() at each point of start(): start() settles and nothing is left running', async ({ engine, stack }) => {
  test.setTimeout(120_000);
  for (const ms of [0, 30, 150, 600]) {
    await open(engine, stack.baseUrl);
    const result = await engine.evaluate((d) => window.lifecycle.stopAt(d), ms);
    expect(result.started, `stop() at ${ms} ms`).not.toBe('pending after 5 s');
    expect(result.stopped).toBe('resolved');
    await nothingLeft(engine);
  }
});

test('Stop during start-up, then Start again once the state is closed: the second session opens', async ({ engine, stack }) => {
  await open(engine, stack.baseUrl);
  const result = await engine.evaluate(() => window.lifecycle.stopThenStart());
  expect(result).toEqual({ firstOutcome: 'rejected aborted', second: 'resolved', stateAfterSecond: 'open' });
  await nothingLeft(engine);
});

test('paused (microphone released), the service ends the session, Resume: a new session captures', async ({ engine, stack }) => {
  await open(engine, stack.baseUrl);
  const next = stack.emulator.nextSession();
  expect(await engine.evaluate(() => window.lifecycle.start({ reconnect: false }))).toBe('resolved');
  const session = await next;
  await engine.evaluate(() => window.lifecycle.pause(true));
  session.sendError(3006);
  await expect.poll(() => engine.evaluate(() => window.lifecycle.state()), { timeout: 5000 }).toBe('closed');
  await nothingLeft(engine);
  expect(await engine.evaluate(() => window.lifecycle.resume())).toBe('resolved');
  expect(await engine.evaluate(() => window.lifecycle.state())).toBe('open');
  await engine.evaluate(() => window.lifecycle.stop());
  await nothingLeft(engine);
});
