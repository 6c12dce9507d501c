import { defineConfig } from 'vite';

// Library build: one ESM entry, eventemitter3 left to the app's bundler.
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rollupOptions: { external: ['eventemitter3'] },
    target: 'es2022',
    minify: false,
    sourcemap: true,
  },
});
