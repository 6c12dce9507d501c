// webpack 5, production: two pages, the default worklet and the README's `new URL(…, import.meta.url)` recipe.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  context: fileURLToPath(new URL('.', import.meta.url)),
  entry: { main: './src/main.js', explicit: './src/explicit.js' },
  output: { path: fileURLToPath(new URL('dist', import.meta.url)), clean: true },
};
