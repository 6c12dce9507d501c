// The READMEs' Node recipes in TypeScript, compiled strictly (global-setup.ts) and run as printed with the packed
// packages: the client README's transcription of a WAV file in Node, through @earshot/server's
// createTemporaryToken, against the emulator at its documented address (ports.mjs sends 127.0.0.1:8787 to this
// run's emulator); and the emulator README's whole session in code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { emulator } from '../support/captions.js';
import { run } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();
const FIXTURES = join(import.meta.dirname, '../../fixtures');
const dir = join(ws.apps, 'node-recipes');

test.beforeAll(() => {
  const build = ws.steps['node-recipes tsc'];
  expect(build?.ok, `the recipes compile under a strict NodeNext config:\n${build?.log}`).toBe(true);
});

test('client README "In Node": a WAV file in, its two sentences out as finals', async () => {
  const emu = await emulator();
  try {
    const ports = `--import=${pathToFileURL(join(import.meta.dirname, '../support/ports.mjs')).href}`;
    const result = await run('node', [join(dir, 'out/transcribe.js'), join(FIXTURES, 'two-sentences.16k.wav')], dir, {
      NODE_OPTIONS: ports,
      EARSHOT_SMOKE_CONNECT_PORTS: `8787:${emu.port}`,
    });
    expect(result.ok, result.log).toBe(true);
    // The emulator formats finals: a capital and a full stop.
    const sentences = readFileSync(join(FIXTURES, 'two-sentences.txt'), 'utf8').trim().split('\n').map((s) => `${s[0]!.toUpperCase()}${s.slice(1)}.`);
    expect(result.log.trim().split('\n')).toEqual(sentences);
    expect(emu.tokensMinted, 'one token, minted over HTTP').toBe(1);
  } finally {
    await emu.close();
  }
});

test('emulator README "In code": a whole session against an emulator on a free port', async () => {
  const result = await run('node', [join(dir, 'out/emulator.js')], dir);
  expect(result.ok, result.log).toBe(true);
  expect(result.log.trim()).toBe('32000 bytes received, closed 1000');
});
