// Packs every package, installs the tarballs with npm into throwaway apps (made here from templates/, in a temp
// folder outside the repository), and builds the apps in parallel. A failure is recorded, not thrown, so each
// spec reports its own. The specs serve and drive what this leaves.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { run } from './support/processes.js';
import { allRecipes } from './support/readme-recipes.js';
import { PACKAGES, type SmokeWorkspace, type StepResult } from './support/workspace.js';

const REPO = resolve(import.meta.dirname, '../..');
/** The files vad-web loads at run time (packages/vad/README.md, "Serving the assets"): package, file in its dist/. */
const VAD_ASSETS = [
  ['@ricky0123/vad-web', 'vad.worklet.bundle.min.js'],
  ['@ricky0123/vad-web', 'silero_vad_v5.onnx'],
  ['@ricky0123/vad-web', 'silero_vad_legacy.onnx'],
  ['onnxruntime-web', 'ort-wasm-simd-threaded.mjs'],
  ['onnxruntime-web', 'ort-wasm-simd-threaded.wasm'],
] as const;

function log(step: string, result: StepResult): void {
  console.log(`smoke: ${step} ${result.ok ? 'ok' : 'FAILED'} in ${result.seconds.toFixed(1)} s`);
  if (!result.ok) console.log(result.log.slice(-3000));
}

export default async function globalSetup(): Promise<() => void> {
  // For working on a spec: EARSHOT_SMOKE_REUSE=<a kept folder> skips the set-up, EARSHOT_SMOKE_KEEP=1 keeps it.
  if (process.env.EARSHOT_SMOKE_REUSE) {
    process.env.EARSHOT_SMOKE_DIR = process.env.EARSHOT_SMOKE_REUSE;
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'earshot-smoke-'));
  const tarballDir = join(dir, 'tarballs');
  const apps = join(dir, 'apps');
  mkdirSync(tarballDir);
  const steps: Record<string, StepResult> = {};
  const tarballs: Record<string, string> = {};

  // 1. pnpm pack, as a release would (it rewrites workspace: ranges in what it packs).
  const packs = await Promise.all(PACKAGES.map((name) => run('pnpm', ['pack', '--pack-destination', tarballDir], join(REPO, 'packages', name))));
  steps.pack = { ok: packs.every((p) => p.ok), seconds: Math.max(...packs.map((p) => p.seconds)), log: packs.map((p) => p.log).join('\n') };
  log('pnpm pack', steps.pack);
  for (const file of readdirSync(tarballDir)) {
    const name = /^earshot-(\w+)-/.exec(file)?.[1];
    if (name) tarballs[name] = join(tarballDir, file);
  }

  // 2. The apps, and one npm install for all of them (npm's own cache, shared with every other run).
  cpSync(join(import.meta.dirname, 'templates'), apps, { recursive: true });
  // The READMEs' recipes, as printed (support/readme-recipes.ts).
  for (const recipe of allRecipes(REPO)) {
    if (recipe.kind !== 'smoke') continue;
    mkdirSync(dirname(join(apps, recipe.file)), { recursive: true });
    writeFileSync(join(apps, recipe.file), recipe.code);
  }
  const manifest = JSON.parse(readFileSync(join(apps, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['@earshot/client'] = `file:${tarballs.client}`;
  manifest.dependencies['@earshot/server'] = `file:${tarballs.server}`;
  manifest.dependencies['@earshot/emulator'] = `file:${tarballs.emulator}`;
  manifest.dependencies['@earshot/vad'] = `file:${tarballs.vad}`;
  manifest.dependencies['@earshot/react'] = `file:${tarballs.react}`;
  writeFileSync(join(apps, 'package.json'), JSON.stringify(manifest, null, 2));
  steps.install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], apps);
  log('npm install', steps.install);

  // 3. Builds, in parallel; Next.js without any API key in its environment. The Next.js app serves vad-web's
  // assets from public/, copied as the VAD README says for a server without its Vite plugin.
  if (steps.install.ok) {
    const vadAssets = join(apps, 'next-app/public/earshot-vad');
    mkdirSync(vadAssets, { recursive: true });
    for (const [from, name] of VAD_ASSETS) cpSync(join(apps, 'node_modules', from, 'dist', name), join(vadAssets, name));
    const bin = (name: string) => join(apps, 'node_modules/.bin', name);
    const [vite, webpack, next, nodeRecipes] = await Promise.all([
      run(bin('vite'), ['build'], join(apps, 'vite-app')),
      run('node', ['build.js'], join(apps, 'webpack-app')),
      run(bin('next'), ['build'], join(apps, 'next-app')),
      run(bin('tsc'), ['-p', 'node-recipes'], apps),
    ]);
    const builds = { 'vite build': vite, 'webpack build': webpack, 'next build': next, 'node-recipes tsc': nodeRecipes };
    Object.assign(steps, builds);
    for (const [name, result] of Object.entries(builds)) log(name, result);
  }

  const workspace: SmokeWorkspace = { dir, apps, tarballs, steps };
  writeFileSync(join(dir, 'results.json'), JSON.stringify(workspace, null, 2));
  process.env.EARSHOT_SMOKE_DIR = dir;
  if (process.env.EARSHOT_SMOKE_KEEP) {
    console.log(`smoke: kept ${dir}`);
    return () => {};
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
