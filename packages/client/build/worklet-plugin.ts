import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const ENTRY = fileURLToPath(new URL('../src/audio/worklet/capture-processor.ts', import.meta.url));
const INLINE_LOADER = fileURLToPath(new URL('../src/audio/worklet/inline-loader.ts', import.meta.url));
const VIRTUAL = 'virtual:earshot-worklet';
/** Stands in for the asset expression until the chunk is rendered, so no plugin rewrites it in our own build. */
const ASSET_URL_MARK = '__EARSHOT_WORKLET_ASSET_URL__';
/** Types of the `./worklet` subpath: a module to load by URL (it registers `earshot-capture`), never to import. */
const WORKLET_TYPES = `/**
 * The AudioWorklet processor module of @earshot/client: it registers the \`earshot-capture\` processor and
 * exports nothing. Load it by URL (\`workletUrl\`), e.g. \`new URL('@earshot/client/worklet', import.meta.url)\`.
 */
export {};
`;
/**
 * What the published `index.js` says: every app bundler (Vite, webpack 5, Turbopack) emits the file this names
 * as an asset, and a plain page resolves it beside `index.js`. `?no-inline` keeps Vite from turning it into a
 * `data:` URL, which `script-src 'self'` refuses; other bundlers and static servers ignore the query.
 */
const ASSET_URL_EXPR = 'new URL("./worklet.js?no-inline", import.meta.url)';

/** Bundles the AudioWorklet processor into one self-contained, minified ES module (no imports, no helpers). */
export async function bundleWorklet(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, target: 'es2022', modulePreload: false, rollupOptions: { input: ENTRY, output: { format: 'es' } } },
  });
  const output = (Array.isArray(result) ? result[0]! : result) as { output: { type: string; code?: string }[] };
  const chunk = output.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('worklet bundle is empty');
  return chunk.code;
}

/**
 * Provides `virtual:earshot-worklet`. In a library build `packagedWorklet()` names the package's own file:
 * `worklet.js` is written beside `index.js` (also the `@earshot/client/worklet` subpath) and referenced with
 * `new URL`, so neither the processor's code nor an inline loader sits in the published bundle. Elsewhere (the
 * client run from source, where there is no such file) `loadInlineWorklet` loads the processor's code inline.
 */
export function earshotWorklet(): Plugin {
  let code: Promise<string> | undefined;
  let library = false;
  const source = () => (code ??= bundleWorklet());
  return {
    name: 'earshot-worklet',
    configResolved(config) {
      library = Boolean(config.build.lib);
    },
    resolveId(id) {
      return id === VIRTUAL ? `\0${id}` : undefined;
    },
    async load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      if (library) return `export const packagedWorklet = () => ${ASSET_URL_MARK};\nexport const loadInlineWorklet = undefined;`;
      return [
        `import { loadInline } from ${JSON.stringify(INLINE_LOADER)};`,
        'export const packagedWorklet = () => undefined;',
        `export const loadInlineWorklet = (context) => loadInline(context, ${JSON.stringify(await source())});`,
      ].join('\n');
    },
    renderChunk(chunk) {
      return chunk.includes(ASSET_URL_MARK) ? { code: chunk.replaceAll(ASSET_URL_MARK, ASSET_URL_EXPR), map: null } : null;
    },
    async generateBundle(options) {
      if (options.format !== 'es') return;
      this.emitFile({ type: 'asset', fileName: 'worklet.js', source: await source() });
      this.emitFile({ type: 'asset', fileName: 'worklet.d.ts', source: WORKLET_TYPES });
    },
  };
}
