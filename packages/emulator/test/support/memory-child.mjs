// The emulator alone in a process (the built package, as the CLI runs it), for the memory test: it answers
// `rss` messages with its resident set size after a full garbage collection. Started with --expose-gc.
import { startEmulator } from '../../dist/index.js';

const emulator = await startEmulator({
  recognizer: 'scripted',
  beginDelayMs: 0,
  // Sessions send a minute of audio in 1 s messages as fast as the socket goes: let audio run ahead.
  maxAudioLeadMs: 120_000,
  ...JSON.parse(process.argv[2] ?? '{}'),
});

async function settledRss() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().rss;
}

process.on('message', async (m) => {
  if (m.type === 'rss') process.send({ type: 'rss', rss: await settledRss(), mem: process.memoryUsage(), open: emulator.openSessions, sessions: emulator.sessions.length });
  if (m.type === 'close') {
    await emulator.close();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: emulator.url, tokenUrl: emulator.tokenUrl, apiKey: emulator.apiKey });
