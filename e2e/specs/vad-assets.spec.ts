// @earshot/vad when vad-web's and onnxruntime-web's files are not served where it looks (the commonest set-up
// mistake): createVad() and HandsFree.start() reject with a CaptureError `vad_load_failed` that names the URL it
// tried and the README section that says how to serve them — not onnxruntime's bare "no available backend found"
// with no code — keep the original as `cause`, and leave no microphone on. Headless Chromium, the real vad-web.
import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});

/** What a rejection was, as the page saw it. */
interface Outcome {
  resolved?: true;
  name?: string;
  code?: string;
  message?: string;
  earshot?: boolean;
  cause?: { name: string; message: string; earshot: boolean };
  liveTracks?: number;
}

/**
 * Runs `body` (an async function's source, given the page's @earshot/vad and @earshot/client modules as served by
 * Vite) in the VAD test page, and describes how it settled. A string, so nothing is transpiled on its way in.
 */
async function outcomeOf(page: Page, body: string): Promise<Outcome> {
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  return page.evaluate(`(async () => {
    const vad = await import('/packages/vad/src/index.ts');
    const client = await import('/packages/client/src/index.ts');
    const describe = (e) => e && ({ name: e.name, message: String(e.message), earshot: e instanceof client.EarshotError });
    try {
      await (${body})(vad, client);
      return { resolved: true };
    } catch (e) {
      return { ...describe(e), code: e.code, cause: describe(e.cause), liveTracks: window.vadTest.liveTracks() };
    }
  })()`);
}

test('createVad() with its files not served: vad_load_failed, naming the URL and "Serving the assets"', async ({ page }) => {
  const outcome = await outcomeOf(page, `async (vad) => vad.createVad({ baseAssetPath: '/not-served/' })`);
  expect(outcome).toMatchObject({ name: 'CaptureError', code: 'vad_load_failed', earshot: true });
  expect(outcome.message).toBe(
    `Voice activity detector did not load from ${stack.baseUrl}not-served/ (baseAssetPath): serve vad-web's and onnxruntime-web's files there (@earshot/vad README, "Serving the assets"); Error in cause`,
  );
  // The original, as vad-web or onnxruntime threw it.
  expect(outcome.cause).toMatchObject({ name: 'Error', earshot: false });
  expect(outcome.cause!.message.length).toBeGreaterThan(0);
});

test('only onnxruntime\'s files missing: both paths are named', async ({ page }) => {
  const outcome = await outcomeOf(page, `async (vad) => vad.createVad({ onnxWASMBasePath: '/no-onnx/' })`);
  expect(outcome.code).toBe('vad_load_failed');
  expect(outcome.message).toContain(`from ${stack.baseUrl}earshot-vad/ (baseAssetPath) and ${stack.baseUrl}no-onnx/ (onnxWASMBasePath): `);
  expect(outcome.cause?.message).toMatch(/no available backend found/);
});

test('HandsFree.start() with its files not served: vad_load_failed, and no microphone left on', async ({ page }) => {
  const outcome = await outcomeOf(page, `async (vad, client) => {
    const transcriber = new client.Transcriber({ token: '/api/token' });
    await new vad.HandsFree({ transcriber, vad: { baseAssetPath: '/not-served/' } }).start();
  }`);
  expect(outcome).toMatchObject({ name: 'CaptureError', code: 'vad_load_failed', liveTracks: 0 });
  expect(outcome.message).toContain(`${stack.baseUrl}not-served/ (baseAssetPath)`);
});
