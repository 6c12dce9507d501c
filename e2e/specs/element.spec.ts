// <earshot-captions> on a plain HTML page (one module script, no build step) against the emulator: it shows
// captions, re-dispatches events as DOM events, and removing it ends the session and releases the microphone.
import { expect, test, type Page } from '@playwright/test';
import { fixtureCaptions, startStack, type Stack } from '../support/stack.js';

const FORMATTED = fixtureCaptions('two-sentences');

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});

/** Counts the microphone tracks the page opens that are still live. */
async function trackMicrophones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await getUserMedia(c);
      streams.push(s);
      return s;
    };
    (window as unknown as { liveTracks(): number }).liveTracks = () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
  });
}
const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { liveTracks(): number }).liveTracks());

test('the element shows captions, and its events reach the page as DOM events', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/element/`);
  // The page's own buttons, slotted in place of the built-in ones.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('earshot-captions [part~="state"]')).toHaveText('open', { timeout: 10_000 });
  // The first sentence settles (the second would only take the test longer); the page counted its `final` event.
  await expect(page.locator('earshot-captions [part~="final"]').first()).toHaveText(FORMATTED[0]!, { timeout: 30_000 });
  await expect(page.locator('#finals-count')).toHaveText('1 final');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('earshot-captions')).toHaveAttribute('state', 'closed');
  await expect(page.locator('earshot-captions [part~="error"]')).toBeHidden();
  await page.screenshot({ path: test.info().outputPath('element.png') });
});

test('removing the element from the page ends the session and releases the microphone', async ({ page }) => {
  await trackMicrophones(page);
  await page.goto(`${stack.baseUrl}examples/element/`);
  const next = stack.emulator.nextSession();
  await page.getByRole('button', { name: 'Start' }).click();
  const session = await next;
  await expect(page.locator('earshot-captions')).toHaveAttribute('state', 'open', { timeout: 10_000 });
  expect(await liveTracks(page)).toBe(1);
  await page.evaluate(() => document.querySelector('earshot-captions')!.remove());
  await session.done;
  await expect.poll(() => liveTracks(page)).toBe(0);
  // It ended cleanly: the client asked for the end (Terminate) rather than dropping the socket.
  expect(session.frames.some((f) => f.dir === 'in' && f.text?.includes('"Terminate"'))).toBe(true);
});

test('Stop while connecting cancels the start: no session stays open, no microphone stays on', async ({ page }) => {
  await trackMicrophones(page);
  await page.goto(`${stack.baseUrl}examples/element/`);
  const before = stack.emulator.sessions.length;
  await page.getByRole('button', { name: 'Start' }).click();
  // The emulator answers Begin after 1.2 s: Stop lands while connecting.
  await expect(page.locator('earshot-captions')).toHaveAttribute('state', 'connecting');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeEnabled();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('earshot-captions')).toHaveAttribute('state', 'closed');
  await expect.poll(() => liveTracks(page)).toBe(0);
  await Promise.all(stack.emulator.sessions.slice(before).map((s) => s.done));
  await expect(page.locator('earshot-captions [part~="error"]')).toBeHidden();
  await expect(page.locator('earshot-captions [part~="level"]')).toHaveAttribute('style', /width: 0%/);
});

test('token-url: missing, the element says to set it; a relative URL without a leading slash works', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/element/`);
  const el = page.locator('earshot-captions');
  await el.evaluate((e) => e.removeAttribute('token-url'));
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(el.locator('[part~="error"]')).toHaveText(/<earshot-captions>: set the token-url attribute$/);
  // `api/token` resolves against the document's base URL, as fetch() resolves it: the site's root here.
  await page.evaluate((root) => document.head.append(Object.assign(document.createElement('base'), { href: root })), stack.baseUrl);
  await el.evaluate((e) => e.setAttribute('token-url', 'api/token'));
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(el).toHaveAttribute('state', 'open', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(el).toHaveAttribute('state', 'closed');
  await expect(el.locator('[part~="error"]')).toBeHidden();
});
