// Tokens one IP can mint before the endpoint answers 429, and how fast, beside the same endpoint with the
// limit off (the reference, same run): a real node:http server with toNodeHandler in front of the emulator.
import { createServer } from 'node:http';
import { startEmulator } from '../../emulator/dist/index.js';
import { createTokenHandler, toNodeHandler } from '../dist/index.js';

const emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0 });
const headers = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

async function serve(rateLimit) {
  const server = createServer(toNodeHandler(createTokenHandler({ apiKey: emulator.apiKey, baseUrl: emulator.httpUrl, rateLimit })));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/api/token` };
}

/** Requests one after another for `ms`; counts 200s and notes when the first 429 came. */
async function hammer(url, ms) {
  const start = performance.now();
  let minted = 0;
  let firstRefusal;
  let refused = 0;
  while (performance.now() - start < ms) {
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status === 200) minted++;
    else if (res.status === 429) {
      refused++;
      firstRefusal ??= { after: minted, at: performance.now() - start, retryAfter: res.headers.get('retry-after') };
    }
  }
  return { minted, refused, seconds: (performance.now() - start) / 1000, firstRefusal };
}

const limited = await serve(undefined);
const a = await hammer(limited.url, 3000);
limited.server.close();
const open = await serve(false);
const b = await hammer(open.url, 3000);
open.server.close();
await emulator.close();

console.log('token endpoint, one IP, sequential requests for 3 s');
console.log(`  default limit (burst 10, 10/min): ${a.minted} tokens minted; first 429 after ${a.firstRefusal?.after} tokens, ${a.firstRefusal?.at.toFixed(0)} ms in (Retry-After: ${a.firstRefusal?.retryAfter} s); then ${a.refused} requests refused (${(a.refused / a.seconds).toFixed(0)}/s answered 429)`);
console.log(`  tokens minted per second before the limit: ${a.firstRefusal ? ((a.firstRefusal.after / a.firstRefusal.at) * 1000).toFixed(0) : 'n/a'}/s; over the 3 s: ${(a.minted / a.seconds).toFixed(1)}/s (the bucket then refills at 10/min)`);
console.log(`  reference, limit off:            ${b.minted} tokens minted, ${(b.minted / b.seconds).toFixed(0)}/s`);
