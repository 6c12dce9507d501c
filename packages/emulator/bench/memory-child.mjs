// The emulator alone in a process for bench/memory.mjs: answers `rss` with its resident set size after a
// full garbage collection (started with --expose-gc).
import { startEmulator } from '../dist/index.js';

const emulator = await startEmulator({ beginDelayMs: 0, maxSessions: 20, ...JSON.parse(process.argv[2] ?? '{}') });

process.on('message', async (m) => {
  if (m.type === 'rss') {
    for (let i = 0; i < 3; i++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 100));
    }
    process.send({ type: 'rss', rss: process.memoryUsage().rss, open: emulator.openSessions });
  }
  if (m.type === 'close') {
    await emulator.close();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: emulator.url, tokens: Array.from({ length: 20 }, () => emulator.mintToken()), recognizer: emulator.recognizer });
