import { defineConfig } from 'vite';
import { eventemitter3Esm } from './build/eventemitter3.js';
import { earshotWorklet } from './build/worklet-plugin.js';

// The `@earshot/client/element` subpath: <earshot-captions> for pages with no build step, so everything it
// needs (the client, the inlined worklet, eventemitter3) is bundled into dist/element.js. Built after the main
// entry (emptyOutDir off), which it leaves untouched.
export default defineConfig({
  plugins: [eventemitter3Esm(), earshotWorklet()],
  build: {
    lib: { entry: 'src/element/index.ts', formats: ['es'], fileName: () => 'element.js' },
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: true,
  },
});
