// The demo: the emulator (PocketSphinx when installed) and the Vite example server together.
// With ASSEMBLYAI_API_KEY set to a real key, the example talks to the real service instead; set to the emulator's
// key (earshot-demo-key, what the README gives a server against the emulator), it is the emulator. Ctrl-C stops
// both and exits 0 (package.json `exec`s this script, so no shell or pnpm in between reports the interrupt as a
// failure).
import { createServer } from 'vite';
import { DEFAULT_API_KEY, startEmulator } from '../packages/emulator/dist/index.js';

let emulator;
const key = process.env.ASSEMBLYAI_API_KEY;
if (key && key !== DEFAULT_API_KEY) {
  console.log('demo: ASSEMBLYAI_API_KEY is set: using the real AssemblyAI service');
} else {
  if (key) console.log(`demo: ASSEMBLYAI_API_KEY is the emulator's key (${DEFAULT_API_KEY}): using the local emulator`);
  const options = { apiKey: DEFAULT_API_KEY, log: (line) => console.log(`demo: emulator ${line}`) };
  emulator = await startEmulator({ ...options, port: 8787 }).catch(() => startEmulator({ ...options, port: 0 }));
  process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
  process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
  console.log(`demo: emulator at ${emulator.url} (set ASSEMBLYAI_API_KEY to your key to use the real service)`);
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
