// (e) Node: require() and import() of @earshot/server and @earshot/client, tsc in a CommonJS and an ESM
// consumer (strict, NodeNext), and tarballs that npm can install as they are.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { run } from '../support/processes.js';
import { PACKAGES, workspace } from '../support/workspace.js';

const REPO = resolve(import.meta.dirname, '../../..');
const ws = workspace();
const SERVER_EXPORTS = ['createTemporaryToken', 'createTokenHandler', 'toNodeHandler'];
const CLIENT_EXPORTS = ['CaptureError', 'EarshotError', 'Transcriber'];

test.beforeAll(() => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
});

for (const [kind, script] of [['CommonJS require()', 'node-cjs/check.cjs'], ['ESM import()', 'node-esm/check.mjs']] as const) {
  test(`${kind} loads both packages`, async () => {
    const result = await run('node', [script], ws.apps);
    expect(result.ok, result.log).toBe(true);
    const loaded = JSON.parse(result.log.trim().split('\n').at(-1)!) as { server: string[]; client: string[] };
    expect(loaded.server).toEqual(expect.arrayContaining(SERVER_EXPORTS));
    expect(loaded.client).toEqual(expect.arrayContaining(CLIENT_EXPORTS));
  });
}

for (const consumer of ['node-cjs', 'node-esm']) {
  test(`tsc type-checks a strict ${consumer === 'node-cjs' ? 'CommonJS' : 'ESM'} consumer of both packages`, async () => {
    const result = await run(join(ws.apps, 'node_modules/.bin/tsc'), ['-p', consumer], ws.apps);
    expect(result.ok, result.log).toBe(true);
  });
}

test('every tarball has a publishable manifest (no workspace: ranges, license, engines, keywords, files) and the LICENSE', () => {
  const license = readFileSync(join(REPO, 'LICENSE'), 'utf8');
  for (const name of PACKAGES) {
    const tarball = ws.tarballs[name];
    expect(tarball, `${name} was packed`).toBeTruthy();
    const text = spawnSync('tar', ['-xzOf', tarball!, 'package/package.json'], { encoding: 'utf8' }).stdout;
    expect(text, name).not.toContain('workspace:');
    const manifest = JSON.parse(text) as Record<string, unknown>;
    for (const field of ['license', 'engines', 'keywords', 'files', 'exports']) expect(manifest[field], `${name}: ${field}`).toBeTruthy();
    const files = spawnSync('tar', ['-tzf', tarball!], { encoding: 'utf8' }).stdout;
    expect(files, `${name} ships its README`).toContain('package/README.md');
    // npm packs a LICENSE only from the package's own folder (pnpm would add the root one): each package has a copy.
    const shipped = spawnSync('tar', ['-xzOf', tarball!, 'package/LICENSE'], { encoding: 'utf8' }).stdout;
    expect(shipped, `${name} ships the repository's LICENSE`).toBe(license);
    expect(manifest.license).toBe('MIT');
  }
});
