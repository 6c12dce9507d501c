import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const ENTRY = fileURLToPath(new URL('../src/audio/worklet/capture-processor.ts', import.meta.url));
const VIRTUAL = 'virtual:earshot-worklet';

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
 * Makes `import source from 'virtual:earshot-worklet'` the worklet's code as a string (the inline fallback),
 * and, in a library build, writes the same code as `worklet.js` (the `@earshot/client/worklet` subpath).
 */
export function earshotWorklet(): Plugin {
  let code: Promise<string> | undefined;
  const source = () => (code ??= bundleWorklet());
  return {
    name: 'earshot-worklet',
    resolveId(id) {
      return id === VIRTUAL ? `\0${VIRTUAL}` : undefined;
    },
    async load(id) {
      return id === `\0${VIRTUAL}` ? `export default ${JSON.stringify(await source())};` : undefined;
    },
    async generateBundle(options) {
      if (options.format === 'es') this.emitFile({ type: 'asset', fileName: 'worklet.js', source: await source() });
    },
  };
}
