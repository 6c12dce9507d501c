// (b) webpack 5, production build, served by the README's Express recipe under `script-src 'self'`: the
// default worklet and the README's `new URL('@earshot/client/worklet', import.meta.url)`.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { emulator, expectCaptions, expectWorkletFile, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();
const app = join(ws.apps, 'webpack-app');

let emu: Emulator;
let server: AppServer;
test.beforeAll(async () => {
  const build = ws.steps['webpack build'];
  expect(build?.ok, build?.log).toBe(true);
  emu = await emulator();
  server = await serve('node', ['../common/server.cjs', 'dist', '/=public'], app, tokenEnv(emu), /listening (http:\S+)/);
});
test.afterAll(async () => {
  await server?.close();
  await emu?.close();
});

test('the policy is on, the worklet is an emitted file, and captions arrive with the default worklet', async ({ page, request }) => {
  const response = await request.get(`${server.url}/main.html`);
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  expectWorkletFile(join(app, 'dist'), /^[\w-]+\.js$/);
  await expectCaptions(page, `${server.url}/main.html`, emu);
});

test('captions arrive with workletUrl = new URL(\'@earshot/client/worklet\', import.meta.url)', async ({ page }) => {
  await expectCaptions(page, `${server.url}/explicit.html`, emu);
});
