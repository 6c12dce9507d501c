// The root README's Vite recipe: the token endpoint as middleware of the dev server and of `vite preview`,
// and a strict Content-Security-Policy on the built app.
import { fileURLToPath } from 'node:url';
import { createTokenHandler, toNodeHandler } from '@earshot/server';
import { defineConfig } from 'vite';

/** Serves /api/token from @earshot/server in `vite` and `vite preview`. */
function tokenEndpoint() {
  const mount = (server) => {
    // ASSEMBLYAI_API_KEY is read from the environment; EARSHOT_TOKEN_BASE_URL points it at the emulator.
    const baseUrl = process.env.EARSHOT_TOKEN_BASE_URL;
    server.middlewares.use('/api/token', toNodeHandler(createTokenHandler(baseUrl ? { baseUrl } : {})));
  };
  return { name: 'token-endpoint', configureServer: mount, configurePreviewServer: mount };
}

const csp = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*";

export default defineConfig({
  plugins: [tokenEndpoint()],
  preview: { headers: { 'Content-Security-Policy': csp } },
  build: {
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        explicit: fileURLToPath(new URL('explicit.html', import.meta.url)),
      },
    },
  },
});
