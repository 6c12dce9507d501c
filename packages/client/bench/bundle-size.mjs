// Prints the min+gzip size of @earshot/client as an app bundles it (eventemitter3 included), beside the
// official `assemblyai` package's streaming client bundled the same way, in the same run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
// Issue #4's budget for what the quick start loads up front (Transcriber, microphone capture); the worklet
// is a file the app's bundler emits (or a lazy chunk when that file cannot be served).
const BUDGET_GZIP = 10 * 1024;
// Issue #9's bound: the session redesign must not grow the quick start past what this script measured just before
// it (commit 72b9b97, with the worklet already loaded apart).
const BEFORE_REDESIGN_GZIP = 11.12 * 1024;

const entries = {
  'earshot: quick start (Transcriber + mic)': `import { Transcriber } from '@earshot/client'; globalThis.T = Transcriber;`,
  'earshot: everything exported': `import * as E from '@earshot/client'; globalThis.E = E;`,
  'reference: assemblyai StreamingTranscriber': `import { StreamingTranscriber } from 'assemblyai'; globalThis.T = StreamingTranscriber;`,
};

async function size(name, code, { sourcemap = false } = {}) {
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
      build: { write: false, minify: true, sourcemap, target: 'es2022', modulePreload: false, rollupOptions: { input: entry } },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const output = (Array.isArray(result) ? result[0] : result).output;
  const chunks = output.filter((o) => o.type === 'chunk');
  // What the page loads up front, apart from what it loads only when needed (the inline worklet, when the
  // worklet file the bundler emitted cannot be served) and the emitted worklet file itself.
  const js = chunks.filter((c) => !c.isDynamicEntry).map((c) => c.code).join('\n');
  if (sourcemap) return chunks.find((c) => !c.isDynamicEntry);
  const lazy = chunks.filter((c) => c.isDynamicEntry).map((c) => c.code).join('\n');
  const assets = output.filter((o) => o.type === 'asset' && o.fileName.endsWith('.js')).map((o) => o.source).join('\n');
  // For comparison, the same page with the worklet's code inlined in the main chunk as a string (how the client
  // shipped it before the worklet became a file of its own).
  const inlined = assets ? `${js}\nconst workletSource=${JSON.stringify(String(assets))};` : '';
  if (process.env.EARSHOT_SIZE_DUMP) writeFileSync(join(process.env.EARSHOT_SIZE_DUMP, `${name.replace(/\W+/g, '-')}.js`), js);
  const gz = (text) => (text ? gzipSync(text, { level: 9 }).length : 0);
  return { name, min: Buffer.byteLength(js), gzip: gz(js), lazyGzip: gz(lazy), assetGzip: gz(assets), inlinedGzip: gz(inlined) };
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
  else {
    const parts = [r.lazyGzip ? `lazy chunks ${kb(r.lazyGzip)}` : '', r.assetGzip ? `worklet file ${kb(r.assetGzip)}` : ''].filter(Boolean);
    const extra = parts.length ? `   + ${parts.join(', ')} gzip, loaded apart` : '';
    console.log(`  ${r.name.padEnd(52)} min ${kb(r.min).padStart(9)}   min+gzip ${kb(r.gzip).padStart(9)}${extra}`);
  }
}
console.log('  (min+gzip: the chunks a page loads up front. The worklet is a separate file that the bundler emits and the');
console.log('   AudioWorklet fetches; with `workletUrl` the app serves its own copy instead. Neither is in the main chunk.)');
const quick = rows[0];
if (quick && !quick.error && quick.inlinedGzip) {
  console.log(`  quick start with the worklet inlined in the main chunk instead (the old way), for comparison: min+gzip ${kb(quick.inlinedGzip)}`);
}
if (quick && !quick.error) {
  console.log(`  budget ${kb(BUDGET_GZIP)} gzip for the quick start: ${quick.gzip <= BUDGET_GZIP ? 'within' : 'OVER'} (${kb(quick.gzip)})`);
  const growth = quick.gzip - BEFORE_REDESIGN_GZIP;
  console.log(`  before the session redesign (issue #9, commit 72b9b97): ${kb(BEFORE_REDESIGN_GZIP)}; now ${growth <= 0 ? 'not above it' : `${kb(growth)} above it (every change since, not only the redesign's)`}`);
}
await printAttribution(entries['earshot: quick start (Transcriber + mic)']);
const worklet = readFileSync(join(pkg, 'dist/worklet.js'));
console.log(`  dist/worklet.js (the @earshot/client/worklet subpath; the bundler emits it as a file): min ${kb(worklet.length)}, gzip ${kb(gzipSync(worklet, { level: 9 }).length)}`);

/** Decodes a source map's `mappings` into [generated line, column, source, original line, column] segments. */
function decodeMappings(mappings) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out = [];
  const state = [0, 0, 0, 0];
  mappings.split(';').forEach((line, genLine) => {
    let genCol = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += values[0];
      if (values.length >= 4) for (let i = 0; i < 3; i++) state[i] += values[i + 1];
      out.push(values.length >= 4 ? [genLine, genCol, state[0], state[1], state[2]] : [genLine, genCol, -1]);
    }
  });
  return out;
}

/**
 * Where the quick start's bytes go: each character of the minified chunk is traced through the app build's source
 * map to dist/index.js, then through dist/index.js.map to a file of src/ (or to eventemitter3, or to the bundler's
 * own helpers). Printed per file: minified bytes, and the gzip bytes the chunk loses without that file's characters
 * (the parts do not add up to the whole: gzip shares its dictionary across files).
 */
async function printAttribution(code) {
  const chunk = await size('attribution', code, { sourcemap: true });
  const text = chunk.code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '');
  const outer = chunk.map;
  const innerMap = JSON.parse(readFileSync(join(pkg, 'dist/index.js.map'), 'utf8'));
  // dist/index.js position → source file, by line: the last segment at or before the column.
  const inner = new Map();
  for (const [line, col, src] of decodeMappings(innerMap.mappings)) {
    if (src < 0) continue;
    if (!inner.has(line)) inner.set(line, []);
    inner.get(line).push([col, innerMap.sources[src].replace(/^(\.\.\/)+/, '')]);
  }
  const innerAt = (line, col) => {
    const segs = inner.get(line);
    if (!segs) return 'dist/index.js (unmapped)';
    let found = segs[0][1];
    for (const [c, s] of segs) if (c <= col) found = s;
    return found;
  };
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const owner = new Array(text.length).fill('bundler helpers (CommonJS interop)');
  const segs = decodeMappings(outer.mappings);
  segs.forEach(([line, col, src, oLine, oCol], i) => {
    const next = segs[i + 1];
    const start = lineStarts[line] + col;
    const end = next && next[0] === line ? lineStarts[line] + next[1] : (lineStarts[line + 1] ?? text.length + 1) - 1;
    if (src < 0) return;
    const file = outer.sources[src];
    // eventemitter3 is bundled into dist/index.js (build/eventemitter3.ts), so it is found through the inner map.
    const inside = /(^|\/)index\.js$/.test(file) ? innerAt(oLine, oCol) : file.replace(/^.*\//, '');
    const who = /eventemitter3/.test(file) || /eventemitter3/.test(inside) ? 'eventemitter3' : inside;
    for (let k = start; k < Math.min(end, text.length); k++) owner[k] = who;
  });
  const gz = (t) => gzipSync(t, { level: 9 }).length;
  const total = gz(text);
  const files = [...new Set(owner)].map((file) => {
    let rest = '';
    let min = 0;
    for (let k = 0; k < text.length; k++) (owner[k] === file ? min++ : (rest += text[k]));
    return { file, min, gzip: total - gz(rest) };
  });
  files.sort((a, b) => b.gzip - a.gzip);
  console.log('  where the quick start\'s bytes go (min bytes; gzip bytes the chunk loses without the file):');
  for (const f of files) console.log(`    ${f.file.padEnd(44)} min ${String(f.min).padStart(6)}   gzip ${String(f.gzip).padStart(6)}`);
}
