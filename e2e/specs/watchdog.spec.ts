// Audio flows or someone is told (issue #10), in every engine: Chromium, Firefox ESR and WebKitGTK, each
// launched with its autoplay policy on (an AudioContext starts suspended until a user gesture).
import { expect, openTestPage, test } from '../support/engine-test.js';
import type { EngineDriver } from '../support/engines.js';

type Started = { ok: boolean; error?: { name: string; code: string; message: string } };
type Warning = { code: string; message: string; atStart?: boolean };
const events = <T>(page: EngineDriver, name: string) => page.evaluate((n) => window.earshot.events(n), name) as Promise<T[]>;
const codes = async (page: EngineDriver, name: string) => (await events<{ code: string }>(page, name)).map((e) => e.code);

test('start() without Web Audio, AudioWorklet or getUserMedia rejects with unsupported_browser naming what is missing', async ({ capturePage: page, stack }) => {
  for (const [feature, named] of [['AudioContext', /Web Audio/], ['AudioWorklet', /AudioWorklet/], ['getUserMedia', /getUserMedia/]] as const) {
    await page.evaluate((f) => window.earshot.removeFeature(f), feature);
    const started = (await page.evaluate(() => window.earshot.start())) as Started;
    expect(started.ok).toBe(false);
    expect(started.error).toMatchObject({ name: 'CaptureError', code: 'unsupported_browser' });
    expect(started.error!.message).toMatch(named);
    await openTestPage(page, `${stack.baseUrl}e2e/pages/capture.html`);
  }
  await expect.poll(() => stack.emulator.sessions.filter((s) => !s.closed).length, { timeout: 5000 }).toBe(0);
});

test('an AudioContext suspended mid-session is reported at once and resumed, and audio flows again', async ({ capturePage: page, stack }) => {
  await page.click(); // the page may start audio
  const next = stack.emulator.nextSession();
  expect(((await page.evaluate(() => window.earshot.start())) as Started).ok).toBe(true);
  const session = await next;
  await page.evaluate(() => window.earshot.suspendContext());
  await expect.poll(() => events<Warning>(page, 'warning'), { timeout: 5000 }).toEqual([expect.objectContaining({ code: 'audio_suspended', atStart: false })]);
  await expect.poll(() => page.evaluate(() => window.earshot.contextState()), { timeout: 5000 }).toBe('running');
  const before = session.pcm().length;
  await expect.poll(() => session.pcm().length - before, { timeout: 5000 }).toBeGreaterThanOrEqual(16_000); // 0.5 s more audio
  expect(await codes(page, 'error')).toEqual([]);
  expect(await page.evaluate(() => window.earshot.state())).toBe('open');
  await page.evaluate(() => window.earshot.stop());
});

test('an interruption that does not end: the warning, then a typed error', async ({ capturePage: page }) => {
  await page.click();
  expect(((await page.evaluate(() => window.earshot.start({ suspendedErrorMs: 1500 }))) as Started).ok).toBe(true);
  await page.evaluate(() => {
    window.earshot.blockResume();
    return window.earshot.suspendContext();
  });
  await expect.poll(() => codes(page, 'warning'), { timeout: 5000 }).toContain('audio_suspended');
  await expect.poll(() => events(page, 'error'), { timeout: 10_000 }).toEqual([expect.objectContaining({ name: 'CaptureError', code: 'audio_suspended' })]);
  const stopped = await page.evaluate(() => window.earshot.stop());
  expect(stopped.tracks.every((t) => t === 'ended')).toBe(true);
});

test('no frames while the session is open is reported, whatever the cause', async ({ capturePage: page }) => {
  await page.click();
  expect(((await page.evaluate(() => window.earshot.start({ stallWarningMs: 1000 }))) as Started).ok).toBe(true);
  await page.evaluate(() => window.earshot.hangSource());
  await expect.poll(() => codes(page, 'warning'), { timeout: 5000 }).toEqual(['audio_stalled']);
  expect(await page.evaluate(() => window.earshot.state())).toBe('open');
  await page.evaluate(() => window.earshot.stop());
});
