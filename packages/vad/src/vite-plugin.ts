import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The files vad-web loads at run time, and the package each comes from. */
const FILES = [
  ['@ricky0123/vad-web', 'vad.worklet.bundle.min.js'],
  ['@ricky0123/vad-web', 'silero_vad_v5.onnx'],
  ['@ricky0123/vad-web', 'silero_vad_legacy.onnx'],
  ['onnxruntime-web', 'ort-wasm-simd-threaded.mjs'],
  ['onnxruntime-web', 'ort-wasm-simd-threaded.wasm'],
] as const;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' };

/** Where each asset lives on disk, resolved from this package (pnpm's isolated layout needs that). */
export function vadAssetFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const vadDir = join(dirname(require.resolve('@ricky0123/vad-web')), '.');
  const vadRequire = createRequire(require.resolve('@ricky0123/vad-web'));
  const ortMain = vadRequire.resolve('onnxruntime-web');
  const ortDir = join(ortMain.slice(0, ortMain.lastIndexOf('onnxruntime-web') + 'onnxruntime-web'.length), 'dist');
  const files = new Map<string, string>();
  for (const [pkg, name] of FILES) {
    const path = join(pkg === 'onnxruntime-web' ? ortDir : vadDir, name);
    if (!existsSync(path)) throw new Error(`@earshot/vad: ${name} not found at ${path}; is ${pkg} installed?`);
    files.set(name, path);
  }
  return files;
}

/**
 * Serves vad-web's worklet and models and onnxruntime-web's wasm from your own origin — in development and in
 * the build — at `base` (default `/earshot-vad/`, which is also @earshot/vad's default asset path). No CDN.
 */
export function earshotVad(options: { base?: string } = {}): Plugin {
  const base = options.base ?? '/earshot-vad/';
  let files: Map<string, string> | undefined;
  const assets = () => (files ??= vadAssetFiles());
  return {
    name: 'earshot-vad-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]!;
        if (!url.startsWith(base)) return next();
        const path = assets().get(url.slice(base.length));
        if (!path) return next();
        res.setHeader('content-type', TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
    },
    async generateBundle() {
      for (const [name, path] of assets()) {
        this.emitFile({ type: 'asset', fileName: `${base.replace(/^\/+/, '')}${name}`, source: await readFile(path) });
      }
    },
  };
}
