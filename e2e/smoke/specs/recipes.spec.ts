// Every README recipe is a smoke case (support/readme-recipes.ts). Every code block in the root README, the
// packages' READMEs and docs/*.md is marked, unless its language says it is no code for an app (NOT_APP_CODE:
// shell lines, wire-format JSON, output). Blocks marked `smoke:` were written into the apps by global-setup.ts;
// this checks they arrived unchanged. Blocks marked `smoke-lines:` are held, line by line and in order, by a
// template that adds test wiring around them. And each marked file is one a spec runs (RUN_BY).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { allRecipes, codeBlocks, documents, NOT_APP_CODE } from '../support/readme-recipes.js';
import { workspace } from '../support/workspace.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TEMPLATES = join(import.meta.dirname, '../templates');
const ws = workspace();

/** Each marked file, and the spec that runs it (a new marker needs a spec that runs its file). */
const RUN_BY: Record<string, string> = {
  'element-app/index.html': 'element.spec.ts',
  'importmap-app/index.html': 'importmap.spec.ts',
  'next-app/app/api/token/route.ts': 'next.spec.ts',
  'next-app/app/api/signed-in/token/route.ts': 'next.spec.ts',
  'next-app/app/readme/captions.tsx': 'next.spec.ts',
  'next-app/app/readme-react/captions.tsx': 'next.spec.ts',
  'node-recipes/emulator.ts': 'node-recipes.spec.ts',
  'node-recipes/transcribe.ts': 'node-recipes.spec.ts',
  'server-recipes/express.cjs': 'server-recipes.spec.ts',
  'server-recipes/hono.mjs': 'server-recipes.spec.ts',
  'server-recipes/node-http.mjs': 'server-recipes.spec.ts',
  'server-recipes/server.mjs': 'server-recipes.spec.ts',
  'vite-app/quickstart.ts': 'vite.spec.ts',
  'vite-app/readme.config.js': 'vite.spec.ts',
  'webpack-app/src/readme.js': 'webpack.spec.ts',
};

/** Lines a `smoke-lines` template may not hold verbatim, and why (none today). */
const WIRING: Record<string, string[]> = {};

/**
 * Recipes no smoke test runs yet, each named by its document and a line only it holds, with the reason. The
 * list is what is missing, in the open: the test below fails when one of them is marked (remove it here) and
 * when any other block is left unmarked.
 */
const NOT_YET_RUN: { doc: string; holds: string; why: string }[] = [
  { doc: 'packages/react/README.md', holds: "import { useHandsFree } from '@earshot/react/hands-free';", why: 'needs @ricky0123/vad-web, its model and wasm served: not in the smoke install' },
  { doc: 'packages/vad/README.md', holds: 'const vad = await createVad();', why: 'needs @ricky0123/vad-web, its model and wasm served: not in the smoke install' },
  { doc: 'packages/vad/README.md', holds: 'const handsFree = new HandsFree(', why: 'needs @ricky0123/vad-web, its model and wasm served: not in the smoke install' },
];

const recipes = allRecipes(REPO);

test('every code block of the READMEs and docs/ is a marked recipe, or shell lines, JSON or output', () => {
  const blocks = documents(REPO).flatMap((doc) => codeBlocks(REPO, doc));
  const known = (block: (typeof blocks)[number]) => NOT_YET_RUN.some((n) => n.doc === block.doc && block.code.includes(n.holds));
  const unmarked = blocks
    .filter((block) => !block.recipe && !NOT_APP_CODE.has(block.lang) && !known(block))
    .map((block) => `${block.doc}:${block.line} (${block.lang}) ${block.code.split('\n')[0]}`);
  expect(unmarked, 'blocks a reader copies that no smoke test runs').toEqual([]);
  // Each entry of NOT_YET_RUN still names exactly one unmarked block.
  for (const n of NOT_YET_RUN) {
    const named = blocks.filter((block) => block.doc === n.doc && block.code.includes(n.holds));
    expect(named.length, `${n.doc}: one block holds "${n.holds}"`).toBe(1);
    expect(named[0]!.recipe, `${n.doc}: "${n.holds}" is marked now: remove it from NOT_YET_RUN`).toBeUndefined();
  }
});

test('each marked recipe is run by a spec', () => {
  expect([...new Set(recipes.map((r) => r.file))].sort()).toEqual(Object.keys(RUN_BY).sort());
});

for (const recipe of recipes) {
  test(`${recipe.kind}: ${recipe.file} holds ${recipe.doc}'s block`, () => {
    if (recipe.kind === 'smoke') {
      expect(readFileSync(join(ws.apps, recipe.file), 'utf8')).toBe(recipe.code);
      return;
    }
    const template = readFileSync(join(TEMPLATES, recipe.file), 'utf8').split('\n').map((l) => l.trim());
    const skipped = WIRING[recipe.file] ?? [];
    let at = 0;
    for (const line of recipe.code.split('\n').map((l) => l.trim())) {
      if (!line || skipped.includes(line)) continue;
      const found = template.indexOf(line, at);
      expect(found, `"${line}" not in ${recipe.file} after line ${at + 1}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
}
