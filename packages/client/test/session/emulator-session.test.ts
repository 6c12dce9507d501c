// The client against the real thing in Node: @earshot/client's Transcriber, the `ws` socket, the emulator
// over loopback, a token minted by @earshot/server's handler over HTTP, and a real speech fixture.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/src/index.js';
import { FIXTURES, readWav } from '../../../emulator/test/helpers.js';
import { createTokenHandler, toNodeHandler } from '../../../server/src/index.js';
import { Transcriber, type TranscriberOptions } from '../../src/index.js';
import type { WebSocketConstructor } from '../../src/session/websocket-like.js';

let emu: Emulator;
let app: Server;
let tokenUrl: string;
let tokenRequests = 0;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: 'client-test-key', grammar: join(FIXTURES, 'grammar.jsgf'), beginDelayMs: 300, record: true });
  // Node's fetch sends neither Origin nor Sec-Fetch-Site, which the handler refuses unless told otherwise.
  const handler = toNodeHandler(createTokenHandler({ apiKey: 'client-test-key', baseUrl: emu.httpUrl, allowRequestsWithoutOrigin: true, onError: () => undefined }));
  app = createServer((req, res) => {
    tokenRequests++;
    handler(req, res);
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  tokenUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/token`;
});
afterAll(async () => {
  app.close();
  await emu.close();
});

const make = (options: Partial<TranscriberOptions> = {}) =>
  new Transcriber({ token: tokenUrl, url: emu.url, WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });

/** Sends PCM in 20 ms pieces at real time (the client re-chunks them). */
async function play(t: Transcriber, samples: Int16Array): Promise<void> {
  const start = Date.now();
  for (let i = 0, n = 0; i < samples.length; i += 320, n++) {
    t.sendAudio(samples.slice(i, i + 320));
    await new Promise((r) => setTimeout(r, Math.max(0, start + (n + 1) * 20 - Date.now())));
  }
}

describe('Transcriber ↔ emulator', () => {
  it('transcribes a fixture: Begin, finals that read the sentences, Termination, exact audio', async () => {
    const t = make();
    const finals: string[] = [];
    const errors: unknown[] = [];
    t.on('final', (m) => finals.push(m.transcript));
    t.on('error', (e) => errors.push(e));
    const before = tokenRequests;
    const { samples } = readWav(join(FIXTURES, 'two-sentences.16k.wav'));
    // Audio given before connect() is held and sent after Begin: nothing is lost.
    t.sendAudio(samples.slice(0, 8000));
    const nextSession = emu.nextSession();
    const begin = await t.connect();
    const session = await nextSession;
    expect(begin.id).toBe(session.id);
    await play(t, samples.slice(8000));
    const termination = await t.stop();

    expect(errors).toEqual([]);
    expect(finals).toEqual(['The weather is nice today.', 'Please turn on the lights.']);
    expect(t.transcript).toBe('The weather is nice today. Please turn on the lights.');
    expect(termination).toMatchObject({ type: 'Termination', audio_duration_seconds: 8 });
    expect(tokenRequests - before).toBe(1);
    // The service received every sample, in order; only the last message was padded to 50 ms.
    const received = session.pcm();
    const sent = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    expect(received.subarray(0, sent.length).equals(sent)).toBe(true);
    expect(received.subarray(sent.length).every((b) => b === 0)).toBe(true);
    const sizes = session.frames.filter((f) => f.kind === 'binary').map((f) => f.bytes);
    expect(sizes.every((s) => s === 1600)).toBe(true);
    // The URL carried the defaults and a token; the emulator closed normally.
    expect(session.query.get('speech_model')).toBe('u3-rt-pro');
    expect(session.query.get('sample_rate')).toBe('16000');
    expect(session.query.get('encoding')).toBe('pcm_s16le');
    expect(session.closed?.code ?? (await session.done).code).toBe(1000);
    expect(t.state).toBe('closed');
  }, 30_000);

  it('rejects connect() with the service\'s own text when a parameter is invalid', async () => {
    const t = make({ keytermsPrompt: Array.from({ length: 101 }, (_, i) => `term${i}`) });
    await expect(t.connect()).rejects.toMatchObject({
      name: 'BadInputError',
      code: 'invalid_params',
      closeCode: 3006,
      message: expect.stringContaining("Invalid 'keyterms_prompt': Value error, Max 100 items"),
    });
  });

  it('rejects connect() with a TokenError when the endpoint fails, naming no key', async () => {
    emu.faults = { token: { fail: true } };
    try {
      const err = (await make().connect().then(() => undefined, (e: unknown) => e)) as Error & { code: string; status: number };
      expect(err).toMatchObject({ name: 'TokenError', code: 'token_http', status: 502 });
      expect(err.message).not.toContain('client-test-key');
    } finally {
      emu.faults = {};
    }
  });

  it('reports a drop after Begin as a retriable network error and closes, with reconnect off', async () => {
    emu.faults = { dropAfterMs: 200 };
    const t = make({ reconnect: false });
    const closed = new Promise((resolve) => t.once('close', resolve));
    const errors: { code: string; retriable: boolean }[] = [];
    t.on('error', (e) => errors.push(e));
    await t.connect();
    emu.faults = {};
    expect(await closed).toMatchObject({ code: 1006 });
    expect(errors).toMatchObject([{ code: 'network', retriable: true }]);
  });

  it('gets the final sooner with forceEndpoint()', async () => {
    const t = make();
    const final = new Promise<string>((resolve) => t.once('final', (m) => resolve(m.transcript)));
    await t.connect();
    const { samples } = readWav(join(FIXTURES, 'first-word.16k.wav'));
    await play(t, samples.slice(0, 40_000)); // 2.5 s: the sentence, without the trailing silence
    t.forceEndpoint();
    expect(await final).toBe('Hello world this is a test.');
    await t.stop();
  }, 20_000);
});
