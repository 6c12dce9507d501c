// The root README's Vite recipe (readme.config.js, written from the README by global-setup.ts), plus what
// this test app adds: a strict Content-Security-Policy on `vite preview`, two pages to build, and on the dev
// server the VAD README's asset plugin (for its recipes' pages; the builds stay without the 14 MB of assets).
import { fileURLToPath } from 'node:url';
import { earshotVad } from '@earshot/vad/vite';
import { defineConfig, mergeConfig } from 'vite';
import recipe from './readme.config.js';

const csp = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*";

export default mergeConfig(
  recipe,
  defineConfig({
    plugins: [{ ...earshotVad(), apply: 'serve' }],
    preview: { headers: { 'Content-Security-Policy': csp } },
    build: {
      rollupOptions: {
        input: {
          main: fileURLToPath(new URL('index.html', import.meta.url)),
          explicit: fileURLToPath(new URL('explicit.html', import.meta.url)),
        },
      },
    },
  }),
);
