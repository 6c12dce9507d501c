// The demo: the emulator (PocketSphinx when installed) and the Vite example server together.
// With ASSEMBLYAI_API_KEY set, the example talks to the real service instead. Ctrl-C stops both and exits 0
// (package.json `exec`s this script, so no shell or pnpm in between reports the interrupt as a failure).
import { createServer } from 'vite';
import { startEmulator } from '../packages/emulator/dist/index.js';

let emulator;
if (process.env.ASSEMBLYAI_API_KEY) {
  console.log('demo: ASSEMBLYAI_API_KEY is set: using the real AssemblyAI service');
} else {
  const options = { apiKey: 'earshot-demo-key', log: (line) => console.log(`demo: emulator ${line}`) };
  emulator = await startEmulator({ ...options, port: 8787 }).catch(() => startEmulator({ ...options, port: 0 }));
  process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
  process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
  console.log(`demo: emulator at ${emulator.url} (set ASSEMBLYAI_API_KEY to use the real service)`);
}

const vite = await createServer({ configFile: new URL('../vite.config.ts', import.meta.url).pathname });
await vite.listen();
const address = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`\ndemo: open ${address} — the examples: live captions, hands-free, React, and <earshot-captions>.`);
console.log(`demo: or straight to ${address}examples/live-captions/ — press Start and speak. Ctrl-C stops.\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\ndemo: stopping');
  await vite.close();
  await emulator?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
