// The root README's recipes are the ones the smoke apps run (support/readme-recipes.ts). Blocks marked
// `smoke:` were written into the apps by global-setup.ts; this checks they arrived unchanged. Blocks marked
// `smoke-lines:` are held, line by line and in order, by a template that adds test wiring around them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { rootRecipes } from '../support/readme-recipes.js';
import { workspace } from '../support/workspace.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TEMPLATES = join(import.meta.dirname, '../templates');
const ws = workspace();

/**
 * Lines a template may not hold verbatim, and why: the Express recipe serves one `dist` on port 3000; the test
 * server serves the folders each spec names, on a port the OS picks.
 */
const WIRING: Record<string, string[]> = {
  'common/server.cjs': ["app.use(express.static('dist'));", 'app.listen(3000);'],
};

const recipes = rootRecipes(REPO);

test('the README marks the Vite, Next.js, Express, webpack and import-map recipes', () => {
  expect(recipes.map((r) => r.file).sort()).toEqual(
    [
      'common/server.cjs',
      'importmap-app/index.html',
      'next-app/app/api/token/route.ts',
      'next-app/app/readme/captions.tsx',
      'vite-app/readme.config.js',
      'webpack-app/src/readme.js',
    ].sort(),
  );
});

for (const recipe of recipes) {
  test(`${recipe.kind}: ${recipe.file} is the README's block`, () => {
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
