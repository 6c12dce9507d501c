// Permission denied in another engine (issue #10): Firefox launched with the microphone refused.
import { expect, test } from '../support/engine-test.js';

test('a refused microphone gives the typed permission error, and no session stays open', async ({ capturePage: page, stack }) => {
  const result = (await page.evaluate(() => window.earshot.start())) as { ok: boolean; error?: unknown };
  expect(result.ok).toBe(false);
  expect(result.error).toMatchObject({ name: 'CaptureError', code: 'mic_permission_denied' });
  // Whatever the token fetch had begun is cancelled or closed within moments.
  await expect.poll(() => stack.emulator.sessions.filter((s) => !s.closed).length, { timeout: 5000 }).toBe(0);
});
