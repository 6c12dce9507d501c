// Every ts/tsx snippet in the READMEs compiles, as a reader would paste it, under a strict app template
// (noUnusedLocals, noUnusedParameters, exactOptionalPropertyTypes…), against the packages' built types.
// React, Express and ws types come from the throwaway apps' install.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { run } from '../support/processes.js';
import { allRecipes } from '../support/readme-recipes.js';
import { PACKAGES, workspace } from '../support/workspace.js';

const REPO = resolve(import.meta.dirname, '../../..');
const READMES = ['README.md', ...PACKAGES.map((name) => `packages/${name}/README.md`)];
const ws = workspace();

test('the READMEs\' TypeScript snippets compile under a strict template', async () => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
  const dir = join(ws.apps, 'readme-snippets');
  const written: string[] = [];
  for (const readme of READMES) {
    const text = readFileSync(join(REPO, readme), 'utf8');
    let n = 0;
    for (const [, lang, code] of text.matchAll(/^```(tsx?)\n([\s\S]*?)^```/gm)) {
      const name = `${basename(dirname(join(REPO, readme)))}-${++n}.${lang}`;
      // `export {}` keeps a snippet without imports a module of its own.
      writeFileSync(join(dir, name), `${code}\nexport {};\n`);
      written.push(`${readme} snippet ${n} → ${name}`);
    }
  }
  expect(written.length).toBeGreaterThan(8);
  const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  // The template's own (`@/*`, the app's modules a snippet imports), then each package's export subpaths, to
  // the types its manifest names (what an install would resolve).
  config.compilerOptions.paths = {
    ...(config.compilerOptions.paths as Record<string, string[]>),
    ...Object.fromEntries(
      PACKAGES.flatMap((name) => {
        type Target = string | { types?: string; import?: Target };
        const manifest = JSON.parse(readFileSync(join(REPO, 'packages', name, 'package.json'), 'utf8')) as { exports: Record<string, Target> };
        const typesOf = (target: Target | undefined): string | undefined =>
          typeof target === 'object' ? (target.types ?? typesOf(target.import)) : undefined;
        return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
          const types = typesOf(target);
          return types ? [[`@earshot/${name}${subpath.slice(1)}`, [join(REPO, 'packages', name, types)]]] : [];
        });
      }),
    ),
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const result = await run(join(ws.apps, 'node_modules/.bin/tsc'), ['-p', dir], ws.apps);
  expect(result.ok, `${written.join('\n')}\n\n${result.log}`).toBe(true);
});

test('the root README\'s Vite config compiles as vite.config.ts under Vite\'s react-ts template', async () => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
  // A reader pastes the `// vite.config.js` block into the template's vite.config.ts: the hooks' parameters must be
  // typed by Vite, not implicitly any. The packages resolve from the apps' install (the packed tarballs).
  const recipe = allRecipes(REPO).find((r) => r.file === 'vite-app/readme.config.js');
  expect(recipe, 'the root README\'s Vite recipe').toBeDefined();
  const dir = join(ws.apps, 'vite-config-ts');
  writeFileSync(join(dir, 'vite.config.ts'), recipe!.code);
  const result = await run(join(ws.apps, 'node_modules/.bin/tsc'), ['-p', dir, '--strict'], ws.apps);
  expect(result.ok, result.log).toBe(true);
});
