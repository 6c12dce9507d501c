// An AudioContext suspended at start by an autoplay policy (issue #10), in every engine. The policy is the
// test page's (see emulateAutoplayPolicy in pages/capture.ts): each engine's own cannot be driven here.
import { expect, test } from '../support/engine-test.js';

test('an AudioContext suspended at start: a warning at once, no session until audio flows, then it runs on the next gesture', async ({ capturePage: page, stack }) => {
  const sessionsBefore = stack.emulator.sessions.length;
  const tokensBefore = stack.emulator.tokensMinted;
  const next = stack.emulator.nextSession();
  await page.evaluate(() => {
    window.earshot.emulateAutoplayPolicy();
    window.earshot.begin();
  });
  await expect.poll(() => page.evaluate(() => window.earshot.events('warning')), { timeout: 10_000 }).toEqual([
    expect.objectContaining({ code: 'audio_suspended', atStart: true, message: expect.stringMatching(/resume\(\)/) }),
  ]);
  // Nothing is billed while no audio can flow: the token is fetched, but no session is opened.
  await new Promise((r) => setTimeout(r, 1000));
  expect(stack.emulator.tokensMinted - tokensBefore).toBe(1);
  expect(stack.emulator.sessions.length).toBe(sessionsBefore);
  expect(await page.evaluate(() => window.earshot.state())).toBe('connecting');
  // The next user gesture resumes the audio (the SDK's own listener), and the session opens with it.
  await page.click();
  expect(await page.evaluate(() => window.earshot.started())).toMatchObject({ ok: true });
  const session = await next;
  await expect.poll(() => session.pcm().length, { timeout: 5000 }).toBeGreaterThanOrEqual(16_000);
  const stopped = await page.evaluate(() => window.earshot.stop());
  expect(stopped.tracks.every((t) => t === 'ended')).toBe(true);
});
