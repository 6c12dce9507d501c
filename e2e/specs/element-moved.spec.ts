// <earshot-captions> moved into another same-origin document (Document Picture-in-Picture, the natural home of
// live captions, moves elements into its own document the same way an iframe does) keeps its own styles.
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});

test('the element keeps its styles when moved into another document', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/element/`);
  const controlsDisplay = () =>
    page.evaluate(() => {
      const el = document.querySelector('earshot-captions') ?? document.querySelector('iframe')!.contentDocument!.querySelector('earshot-captions')!;
      return getComputedStyle(el.shadowRoot!.querySelector('[part~="controls"]')!).display;
    });
  await expect.poll(controlsDisplay).toBe('flex');
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument!.body.append(document.querySelector('earshot-captions')!);
  });
  expect(await controlsDisplay()).toBe('flex');
});
