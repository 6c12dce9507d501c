import { defineConfig } from 'vite';
import { eventemitter3Esm } from './build/eventemitter3.js';
import { earshotWorklet } from './build/worklet-plugin.js';

// Library build: one ESM entry, plus dist/worklet.js for the `@earshot/client/worklet` subpath. eventemitter3 is
// bundled in from its own ES module build (build/eventemitter3.ts says why).
export default defineConfig({
  plugins: [eventemitter3Esm(), earshotWorklet()],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    target: 'es2022',
    minify: false,
    sourcemap: true,
  },
});
