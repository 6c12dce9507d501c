// `pnpm bench`: what @earshot/react and <earshot-captions> add to an app's bundle beyond @earshot/client
// (min+gzip, vite build), with the client's quick start bundled the same way in the same run as the reference.
// React itself and vad-web are the app's own (peers), so they are left out of every figure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const alias = {
  '@earshot/client/element': join(packages, 'client/dist/element.js'),
  '@earshot/client': join(packages, 'client/dist/index.js'),
  '@earshot/react/hands-free': join(packages, 'react/dist/hands-free.js'),
  '@earshot/react': join(packages, 'react/dist/index.js'),
  '@earshot/vad': join(packages, 'vad/dist/index.js'),
};
const external = [/^react(-dom)?(\/|$)/, /^@ricky0123\/vad-web/, /^onnxruntime-web/];

const gz = (text) => gzipSync(text, { level: 9 }).length;

/** min and min+gzip of the chunks a page loads up front for `code`. */
async function bundle(code) {
  const dir = mkdtempSync(join(here, '.entry-'));
  writeFileSync(join(dir, 'entry.js'), code);
  try {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      resolve: { alias },
      build: { write: false, minify: true, target: 'es2022', modulePreload: false, rollupOptions: { input: join(dir, 'entry.js'), external } },
    });
    const chunks = (Array.isArray(result) ? result[0] : result).output.filter((o) => o.type === 'chunk' && !o.isDynamicEntry);
    const js = chunks.map((c) => c.code).join('\n');
    return { min: Buffer.byteLength(js), gzip: gz(js) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
const rows = [
  ['reference: @earshot/client quick start (Transcriber)', `import { Transcriber } from '@earshot/client'; globalThis.x = Transcriber;`, null],
  ['@earshot/react: useTranscriber + useMicrophones', `import { useTranscriber, useMicrophones } from '@earshot/react'; globalThis.x = [useTranscriber, useMicrophones];`, 0],
  ['<earshot-captions> through a bundler', `import '@earshot/client/element';`, 0],
  ['reference: Transcriber + @earshot/vad HandsFree', `import { Transcriber } from '@earshot/client'; import { HandsFree } from '@earshot/vad'; globalThis.x = [Transcriber, HandsFree];`, null],
  ['@earshot/react/hands-free: useHandsFree', `import { useHandsFree } from '@earshot/react/hands-free'; globalThis.x = useHandsFree;`, 3],
];
console.log('bundle added beyond the client (vite build, minified; gzip -9; react and vad-web excluded as peers)');
const sizes = [];
for (const [name, code, base] of rows) {
  const s = await bundle(code);
  sizes.push(s);
  const added = base === null ? '' : `   added ${kb(s.gzip - sizes[base].gzip).padStart(9)} gzip beyond the reference above`;
  console.log(`  ${name.padEnd(54)} min ${kb(s.min).padStart(9)}   min+gzip ${kb(s.gzip).padStart(9)}${added}`);
}
const standalone = readFileSync(join(packages, 'client/dist/element.js'));
console.log(`  dist/element.js as one <script type=module> loads it (client and eventemitter3 inside): min ${kb(standalone.length)}, gzip ${kb(gz(standalone))}`);
