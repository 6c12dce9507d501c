// Races an app can cause around capture, in real Chromium against the emulator: quick Pause (releasing the
// microphone), Resume, Stop; Pause while capture still starts; an app closing the AudioContext it shared. Every promise settles with the truth (no
// made-up failure), and nothing is left running: no live microphone track, no open AudioContext of ours.
import { expect, test } from '@playwright/test';
import { useRacePage } from '../support/race-page.js';

const { stack, nothingLeft } = useRacePage('capture-races', 'races');

for (const gapMs of [0, 2, 5, 10, 20, 50]) {
  test(`Pause (release), Resume, Stop in quick succession (${gapMs} ms apart): every call settles, nothing left running`, async ({ page }) => {
    expect(await page.evaluate(() => window.races.start())).toBe('resolved');
    await page.waitForTimeout(300);
    const result = await page.evaluate((g) => window.races.pauseResumeStop(g), gapMs);
    // resume() resumed, or stop() cancelled it ('aborted'): never left pending, never a made-up failure.
    expect(['resolved', 'rejected aborted'], `resume() ${result.resumed}`).toContain(result.resumed);
    expect(result).toMatchObject({ paused: 'resolved', stopped: 'resolved', state: 'closed' });
    await nothingLeft(page);
    expect(await page.evaluate(() => window.races.log.filter((l) => l.startsWith('error')))).toEqual([]);
  });
}

test('the app closes the AudioContext it shared mid-session: an error says why and the microphone is released', async ({ page }) => {
  expect(await page.evaluate(() => window.races.startShared())).toBe('resolved');
  await page.waitForTimeout(500);
  await page.evaluate(() => window.races.closeShared());
  // One error, naming the cause (not the stall watchdog's audio_stalled, 10 s on, which says nothing of it); and the
  // microphone, whose audio can no longer go anywhere, is released (its indicator goes off).
  await expect.poll(() => page.evaluate(() => window.races.log.filter((l) => l.startsWith('error'))), { timeout: 12_000 }).toEqual([
    expect.stringMatching(/^error:invalid_state:.*audioContext.*closed/),
  ]);
  await expect.poll(() => page.evaluate(() => window.races.leftovers().liveTracks), { timeout: 2000 }).toBe(0);
  await page.evaluate(() => window.races.stop());
  expect(await page.evaluate(() => window.races.state())).toBe('closed');
  await nothingLeft(page);
});

// The user clicks Start, then Pause while capture is still starting (the worklet loading, the microphone opening):
// start() still succeeds, the session reads paused and the service receives no audio (a user who paused before
// speaking expects nothing transcribed); with the microphone released, it is closed once it opened. Resume
// then captures.
for (const release of [false, true]) {
  for (const delayMs of [-1, 0, 30]) {
    test(`Pause${release ? ' (release)' : ''} ${delayMs < 0 ? 'in the same tick as Start' : `${delayMs} ms into start()`}: no audio reaches the service until Resume`, async ({ page }) => {
      const next = stack().emulator.nextSession();
      const result = await page.evaluate(([d, r]) => window.races.pauseDuringStart(d, r), [delayMs, release] as const);
      expect(result).toEqual({ started: 'resolved', paused: 'resolved', isPaused: true, state: 'open' });
      const session = await next;
      if (release) await expect.poll(() => page.evaluate(() => window.races.leftovers().liveTracks), { timeout: 3000 }).toBe(0);
      await page.waitForTimeout(1500); // paused: nothing may arrive
      expect(session.audioMs).toBe(0);
      expect(await page.evaluate(() => window.races.resume())).toBe('resolved');
      await expect.poll(() => session.audioMs, { timeout: 5000 }).toBeGreaterThan(0);
      await page.evaluate(() => window.races.stop());
      await nothingLeft(page);
      expect(await page.evaluate(() => window.races.log.filter((l) => l.startsWith('error')))).toEqual([]);
    });
  }
}
