// The emulator under load, in its own process so its CPU and memory are its own (run by load.mjs).
import { startEmulator } from '../dist/index.js';

const emu = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, record: true, keepSessions: 10_000, transcripts: ['The weather is nice today.', 'Please turn on the lights.'] });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
process.send({ type: 'ready', url: emu.url, tokens: Array.from({ length: Number(process.argv[2]) }, () => emu.mintToken()) });
process.on('message', async (m) => {
  if (m.type === 'start') {
    process.cpuStart = process.cpuUsage();
    process.wallStart = Date.now();
    peakRss = process.memoryUsage().rss;
  }
  if (m.type === 'report') {
    const cpu = process.cpuUsage(process.cpuStart);
    const wall = Date.now() - process.wallStart;
    // For each Turn, the index of the audio chunk whose arrival produced it (the last one read before it),
    // keyed by token: the load generator turns these into send → receive delays on its own clock.
    const triggers = {};
    for (const s of emu.sessions) {
      let chunks = 0;
      const list = (triggers[s.query.get('token')] = []);
      for (const f of s.frames) {
        if (f.dir === 'in' && f.kind === 'binary') chunks++;
        else if (f.dir === 'out' && f.text?.includes('"type":"Turn"')) list.push(chunks - 1);
      }
    }
    clearInterval(sampler);
    process.send({ type: 'report', cpuMs: (cpu.user + cpu.system) / 1000, wallMs: wall, peakRss, triggers, sessions: emu.sessions.length });
    await emu.close();
    process.exit(0);
  }
});
