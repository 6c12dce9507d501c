// A plain node:http server with toNodeHandler (the built package, as users get it) in front of the emulator.
// Prints one line `{"port":N}` when it listens; everything else it prints is checked for the key by the test.
import { createServer } from 'node:http';
import { startEmulator } from '../../../emulator/dist/index.js';
import { createTokenHandler, toNodeHandler } from '../../dist/index.js';

const apiKey = process.env.FUZZ_KEY;
const emulator = await startEmulator({ apiKey, recognizer: 'scripted', beginDelayMs: 0 });
const handler = toNodeHandler(createTokenHandler({ apiKey, baseUrl: emulator.httpUrl, trustProxy: process.env.FUZZ_TRUST_PROXY === '1', rateLimit: false }));
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => emulator.close().then(() => process.exit(0))));
