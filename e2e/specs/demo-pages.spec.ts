// The live-captions demo page's controls (issue 13): Stop cancels a start that is still connecting, and after a
// failed start the level meter goes back to zero (it used to stay frozen at the last level).
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});
test.afterEach(() => {
  stack.emulator.faults.token = undefined;
});

test('Stop is usable while connecting and cancels the start, with no error shown', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/live-captions/`);
  await page.getByRole('button', { name: 'Start' }).click();
  // Begin comes 1.2 s after the socket opens: this is still connecting.
  await expect(page.locator('#state')).toHaveText('connecting');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('#state')).toHaveText('closed');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(page.locator('#error')).toBeHidden();
});

test('after a failed start the meter is back at zero and Start is usable', async ({ page }) => {
  // The token endpoint answers an HTML page: retried with backoff (about 4 s), while the microphone is measured.
  stack.emulator.faults.token = { delayMs: 200, html: true };
  await page.goto(`${stack.baseUrl}examples/live-captions/`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('#level')).not.toHaveAttribute('style', /width: 0/);
  await expect(page.locator('#error')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('#state')).toHaveText('closed');
  await expect(page.locator('#level')).toHaveAttribute('style', /width: 0/);
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
});
