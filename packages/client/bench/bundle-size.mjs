// Prints the min+gzip size of @earshot/client as an app bundles it (eventemitter3 included), beside the
// official `assemblyai` package's streaming client bundled the same way, in the same run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
// Issue #4's budget for what the quick start pulls in (Transcriber, microphone capture, the inlined worklet);
// met there at 9.94 kB, exceeded since resilience (reconnect, replay, pause, devices) was added.
const BUDGET_GZIP = 10 * 1024;

const entries = {
  'earshot: quick start (Transcriber + mic + worklet)': `import { Transcriber } from '@earshot/client'; globalThis.T = Transcriber;`,
  'earshot: everything exported': `import * as E from '@earshot/client'; globalThis.E = E;`,
  'reference: assemblyai StreamingTranscriber': `import { StreamingTranscriber } from 'assemblyai'; globalThis.T = StreamingTranscriber;`,
};

async function size(name, code) {
  // The entry lives inside the repo so `assemblyai` resolves from the workspace's node_modules.
  const dir = mkdtempSync(join(here, '.entry-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, code);
  let result;
  try {
    result = await build({
      configFile: false,
      logLevel: 'silent',
      root: pkg,
      resolve: { alias: { '@earshot/client': join(pkg, 'dist/index.js') } },
      // An app build (not library mode, which keeps whitespace in ES output): what a user's bundle contains.
      build: { write: false, minify: true, target: 'es2022', modulePreload: false, rollupOptions: { input: entry } },
  });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const output = (Array.isArray(result) ? result[0] : result).output;
  const js = output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n');
  if (process.env.EARSHOT_SIZE_DUMP) writeFileSync(join(process.env.EARSHOT_SIZE_DUMP, `${name.replace(/\W+/g, '-')}.js`), js);
  return { name, min: Buffer.byteLength(js), gzip: gzipSync(js, { level: 9 }).length };
}

const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
const rows = [];
for (const [name, code] of Object.entries(entries)) {
  try {
    rows.push(await size(name, code));
  } catch (err) {
    rows.push({ name, error: err.message.split('\n')[0] });
  }
}
console.log('bundle size (vite build, minified; gzip -9)');
for (const r of rows) {
  if (r.error) console.log(`  ${r.name.padEnd(52)} could not bundle: ${r.error}`);
  else console.log(`  ${r.name.padEnd(52)} min ${kb(r.min).padStart(9)}   min+gzip ${kb(r.gzip).padStart(9)}`);
}
const quick = rows[0];
if (quick && !quick.error) {
  console.log(`  budget ${kb(BUDGET_GZIP)} gzip for the quick start: ${quick.gzip <= BUDGET_GZIP ? 'within' : 'OVER'} (${kb(quick.gzip)})`);
}
const worklet = readFileSync(join(pkg, 'dist/worklet.js'));
console.log(`  dist/worklet.js (the @earshot/client/worklet subpath, also inlined above): min ${kb(worklet.length)}, gzip ${kb(gzipSync(worklet, { level: 9 }).length)}`);
