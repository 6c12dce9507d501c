// The READMEs' token-endpoint recipes that run in Node — the root README's node:http quick start and Express
// app, the server README's node:http with slow-request limits and its Hono (fetch-style) server — each started
// as printed with the packed @earshot/server: it mints a token from the emulator over loopback and refuses what
// the server README's security model says (support/token-endpoint.ts). The Next.js routes are in next.spec.ts.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../packages/emulator/src/index.js';
import { tokenEnv } from '../support/captions.js';
import { serve } from '../support/processes.js';
import { expectTokenEndpoint } from '../support/token-endpoint.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();
const LISTENING = /smoke: listening (http:\S+)/;

/**
 * The recipe's file (written from its README by global-setup.ts) and the document it is in. Express and Hono
 * route only GET and POST to the handler, so they answer PUT themselves (404); HEAD they route to GET's handler,
 * which refuses it (405).
 */
const RECIPES = [
  { file: 'server.mjs', doc: 'README.md (quick start)' },
  { file: 'express.cjs', doc: 'README.md (Express)', put: 404 },
  { file: 'node-http.mjs', doc: 'packages/server/README.md (node:http)' },
  { file: 'hono.mjs', doc: 'packages/server/README.md (Hono)', put: 404 },
];

let emu: Emulator;
test.beforeAll(async () => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
  // The recipes use the service's token host, or the documented emulator address 127.0.0.1:8787 (ports.mjs).
  emu = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0 });
});
test.afterAll(async () => {
  await emu?.close();
});

/** The environment a recipe runs in: the emulator's key, its token host, and its fixed ports made free ones. */
function recipeEnv(): Record<string, string> {
  const env = tokenEnv(emu);
  const ports = `--import=${pathToFileURL(join(import.meta.dirname, '../support/ports.mjs')).href}`;
  return {
    ...env,
    NODE_OPTIONS: `${env.NODE_OPTIONS} ${ports}`,
    EARSHOT_SMOKE_LISTEN_PORTS: '3000',
    EARSHOT_SMOKE_CONNECT_PORTS: `8787:${new URL(emu.httpUrl).port}`,
  };
}

for (const recipe of RECIPES) {
  test(`${recipe.doc}: ${recipe.file} mints from the emulator and refuses what the docs say`, async () => {
    const server = await serve('node', [recipe.file], join(ws.apps, 'server-recipes'), recipeEnv(), LISTENING);
    try {
      await expectTokenEndpoint(`${server.url}/api/token`, emu, recipe.put ? { put: recipe.put } : {});
    } finally {
      await server.close();
    }
  });
}
