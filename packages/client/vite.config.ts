import { defineConfig } from 'vite';
import { earshotWorklet } from './build/worklet-plugin.js';

// Library build: one ESM entry with the worklet inlined as the fallback, plus dist/worklet.js for the
// `@earshot/client/worklet` subpath. eventemitter3 is left to the app's bundler.
export default defineConfig({
  plugins: [earshotWorklet()],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rollupOptions: { external: ['eventemitter3'] },
    target: 'es2022',
    minify: false,
    sourcemap: true,
  },
});
