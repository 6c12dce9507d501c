// (c) A plain page, no bundler: an import map names @earshot/client in node_modules (the README's recipe; the
// package bundles eventemitter3, which npm no longer installs beside it), and the package finds its worklet beside
// its own index.js.
import { join } from 'node:path';
import { test } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { emulator, expectCaptions, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();

let emu: Emulator;
let server: AppServer;
test.beforeAll(async () => {
  emu = await emulator();
  // An inline import map needs its hash in a policy; this page is served without one.
  const env = { ...tokenEnv(emu), EARSHOT_NO_CSP: '1' };
  server = await serve('node', ['common/server.cjs', 'importmap-app', '/node_modules=node_modules', '/common=common'], ws.apps, env, /listening (http:\S+)/);
});
test.afterAll(async () => {
  await server?.close();
  await emu?.close();
});

test('captions arrive on a page that loads the package through an import map', async ({ page }) => {
  await expectCaptions(page, `${server.url}/`, emu);
});
