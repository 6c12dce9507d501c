// Lifecycle races an app causes, in Chromium against the emulator: work for an old session never acts on a newer
// one, every promise settles, and nothing is left running (no live microphone track, no open AudioContext) however
// a session ends. Every track and context the page makes is tracked by e2e/pages/lifecycle-races.ts.
import { expect, test } from '@playwright/test';
import { useRacePage } from '../support/race-page.js';

const { stack, nothingLeft } = useRacePage('lifecycle-races', 'lifecycle');

test('Stop during start-up, then Start again once the state is closed: the second session opens', async ({ page }) => {
  const result = await page.evaluate(() => window.lifecycle.stopThenStart());
  expect(result).toEqual({ firstOutcome: 'rejected aborted', second: 'resolved', stateAfterSecond: 'open' });
  await nothingLeft(page);
});

for (const ms of [0, 5, 30, 150, 600]) {
  test(`stop() ${ms} ms into start(): start() settles, nothing left running`, async ({ page }) => {
    const result = await page.evaluate((d) => window.lifecycle.stopAt(d), ms);
    expect(result.started).not.toBe('pending after 5 s');
    expect(result).toMatchObject({ stopped: 'resolved', state: 'closed' });
    await nothingLeft(page);
  });
}

for (const end of ['stop', 'drop'] as const) {
  test(`start() again from a 'close' listener (session ended by ${end}): the new session opens`, async ({ page }) => {
    const next = stack().emulator.nextSession();
    expect(await page.evaluate(() => window.lifecycle.start({ reconnect: false }))).toBe('resolved');
    const session = await next;
    await page.evaluate(() => window.lifecycle.restartOnClose());
    if (end === 'stop') await page.evaluate(() => window.lifecycle.stop());
    else session.drop();
    await expect.poll(() => page.evaluate(() => window.lifecycle.restarted()), { timeout: 10_000 }).toBe('resolved');
    expect(await page.evaluate(() => window.lifecycle.state())).toBe('open');
    await page.evaluate(() => window.lifecycle.stop());
    await nothingLeft(page);
  });
}

for (const release of [true, false]) {
  test(`pause(${release ? 'releasing the microphone' : 'keeping it'}), the service ends the session, Resume: a new session captures`, async ({ page }) => {
    const next = stack().emulator.nextSession();
    expect(await page.evaluate(() => window.lifecycle.start({ reconnect: false }))).toBe('resolved');
    const session = await next;
    await page.evaluate((r) => window.lifecycle.pause(r), release);
    session.sendError(3006);
    await expect.poll(() => page.evaluate(() => window.lifecycle.state()), { timeout: 5000 }).toBe('closed');
    await nothingLeft(page);
    expect(await page.evaluate(() => window.lifecycle.resume())).toBe('resolved');
    expect(await page.evaluate(() => window.lifecycle.state())).toBe('open');
    expect(await page.evaluate(() => window.lifecycle.leftovers().liveTracks)).toBe(1);
    await page.evaluate(() => window.lifecycle.stop());
    await nothingLeft(page);
  });
}
