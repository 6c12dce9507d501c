import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { earshotWorklet } from './packages/client/build/worklet-plugin.js';
import { createTokenHandler, toNodeHandler } from './packages/server/src/index.js';
import { earshotVad } from './packages/vad/src/vite-plugin.js';

/**
 * The example pages (and the browser tests' page), served from the repository root so that
 * `/examples/…` and `/e2e/pages/…` share one server. The token endpoint `/api/token` is Vite middleware
 * through @earshot/server: the local emulator when one was started for it (EARSHOT_EMULATOR_HTTP,
 * EARSHOT_EMULATOR_KEY — the demo script and the browser tests set both), else the real service when
 * ASSEMBLYAI_API_KEY holds a real key (the emulator's own key, earshot-demo-key, means the emulator).
 */
const EMULATOR_KEY = 'earshot-demo-key';
const envKey = process.env.ASSEMBLYAI_API_KEY;
const realKey = process.env.EARSHOT_EMULATOR_HTTP || envKey === EMULATOR_KEY ? undefined : envKey;
const emulatorHttp = process.env.EARSHOT_EMULATOR_HTTP ?? 'http://127.0.0.1:8787';
const streamingUrl = realKey ? '' : emulatorHttp.replace(/^http/, 'ws') + '/v3/ws';

function tokenEndpoint(): Plugin {
  return {
    name: 'earshot-token-endpoint',
    configureServer(server) {
      const handler = toNodeHandler(
        realKey
          ? createTokenHandler({ apiKey: realKey })
          : // The emulator's tokens cost nothing, and the browser tests mint many in a minute: no rate limit.
            createTokenHandler({ apiKey: process.env.EARSHOT_EMULATOR_KEY ?? EMULATOR_KEY, baseUrl: emulatorHttp, rateLimit: false }),
      );
      server.middlewares.use('/api/token', handler);
      server.middlewares.use((req, res, next) => {
        if (req.url === '/') {
          res.statusCode = 302;
          res.setHeader('location', '/examples/');
          return res.end();
        }
        // Browsers ask for /favicon.ico on every page, the test pages included.
        if (req.url === '/favicon.ico') {
          res.setHeader('content-type', 'image/svg+xml');
          return res.end(favicon);
        }
        next();
      });
    },
    // Plain HTML pages (the <earshot-captions> example) get the streaming URL the way modules get the define.
    transformIndexHtml: (html) => html.replaceAll('%EARSHOT_STREAMING_URL%', streamingUrl),
  };
}
const favicon = readFileSync(resolve(import.meta.dirname, 'examples/favicon.svg'));

export default defineConfig({
  root: import.meta.dirname,
  plugins: [earshotWorklet(), tokenEndpoint(), earshotVad()],
  resolve: {
    alias: {
      '@earshot/client/element': resolve(import.meta.dirname, 'packages/client/src/element/index.ts'),
      '@earshot/client': resolve(import.meta.dirname, 'packages/client/src/index.ts'),
      '@earshot/react/hands-free': resolve(import.meta.dirname, 'packages/react/src/hands-free.ts'),
      '@earshot/react': resolve(import.meta.dirname, 'packages/react/src/index.ts'),
      '@earshot/vad': resolve(import.meta.dirname, 'packages/vad/src/index.ts'),
    },
  },
  // Pre-bundled at start: discovering them on first use would reload the page mid-test.
  optimizeDeps: { include: ['eventemitter3', '@ricky0123/vad-web', 'react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client'] },
  // The React example needs no plugin: Vite 8's own transform (oxc) compiles TSX with the automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  // '' means the real service's default host.
  define: { __EARSHOT_STREAMING_URL__: JSON.stringify(streamingUrl) },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  build: {
    outDir: 'dist-examples',
    rollupOptions: {
      input: {
        'live-captions': resolve(import.meta.dirname, 'examples/live-captions/index.html'),
        'hands-free': resolve(import.meta.dirname, 'examples/hands-free/index.html'),
        react: resolve(import.meta.dirname, 'examples/react/index.html'),
        element: resolve(import.meta.dirname, 'examples/element/index.html'),
        index: resolve(import.meta.dirname, 'examples/index.html'),
      },
    },
  },
});
