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
  'next-app/app/readme-hands-free/hands-free.tsx': 'next.spec.ts',
  'node-recipes/emulator.ts': 'node-recipes.spec.ts',
  'node-recipes/transcribe.ts': 'node-recipes.spec.ts',
  'server-recipes/express.cjs': 'server-recipes.spec.ts',
  'server-recipes/hono.mjs': 'server-recipes.spec.ts',
  'server-recipes/node-http.mjs': 'server-recipes.spec.ts',
  'server-recipes/server.mjs': 'server-recipes.spec.ts',
  'vite-app/element.ts': 'vite.spec.ts',
  'vite-app/hands-free.ts': 'vite.spec.ts',
  'vite-app/quickstart.ts': 'vite.spec.ts',
  'vite-app/vad-events.ts': 'vite.spec.ts',
  'vite-app/readme.config.js': 'vite.spec.ts',
  'webpack-app/src/readme.js': 'webpack.spec.ts',
};

/** Lines a `smoke-lines` template may not hold verbatim, and why (none today). */
const WIRING: Record<string, string[]> = {};


const recipes = allRecipes(REPO);

test('every code block of the READMEs and docs/ is a marked recipe, or shell lines, JSON or output', () => {
  const unmarked = documents(REPO)
    .flatMap((doc) => codeBlocks(REPO, doc))
    .filter((block) => !block.recipe && !NOT_APP_CODE.has(block.lang))
    .map((block) => `${block.doc}:${block.line} (${block.lang}) ${block.code.split('\n')[0]}`);
  expect(unmarked, 'blocks a reader copies that no smoke test runs').toEqual([]);
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
