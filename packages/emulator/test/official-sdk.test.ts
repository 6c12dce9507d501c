// Proof of faithfulness (issue #3): the official `assemblyai` npm package — a client nobody here wrote —
// mints a token and runs a whole session against the emulator over TLS (it only accepts wss: URLs).
import { join } from 'node:path';
import { AssemblyAI, StreamingTranscriber, type TurnEvent } from 'assemblyai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { FIXTURES, readWav } from './helpers.js';
import { makeCertificate } from './tls-cert.js';

// The certificate is made by this test; Node must accept it for both fetch and ws.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    apiKey: 'official-sdk-key',
    tls: makeCertificate(),
    recognizer: 'pocketsphinx',
    grammar: join(FIXTURES, 'grammar.jsgf'),
    beginDelayMs: 300,
    record: true,
  });
});
afterAll(() => emu.close());

describe('the official assemblyai SDK against the emulator', () => {
  it('mints a token, gets Begin, turns from a speech fixture, and Termination', async () => {
    expect(emu.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v3\/ws$/);
    const client = new AssemblyAI({ apiKey: 'official-sdk-key', streamingBaseUrl: emu.httpUrl });
    const token = await client.streaming.createTemporaryToken({ expires_in_seconds: 60 });
    expect(token).toMatch(/^AQI/);

    const transcriber = new StreamingTranscriber({ token, websocketBaseUrl: emu.url, sampleRate: 16000, speechModel: 'u3-rt-pro' });
    const turns: TurnEvent[] = [];
    const errors: unknown[] = [];
    transcriber.on('turn', (t) => turns.push(t));
    transcriber.on('error', (e) => errors.push(e));
    const begin = await transcriber.connect();
    expect(begin.id).toMatch(/^[0-9a-f-]{36}$/);

    const { samples } = readWav(join(FIXTURES, 'two-sentences.16k.wav'));
    const started = Date.now();
    for (let i = 0, n = 0; i < samples.length; i += 800, n++) {
      const chunk = samples.slice(i, i + 800);
      transcriber.sendAudio(chunk.buffer);
      await new Promise((r) => setTimeout(r, Math.max(0, started + (n + 1) * 50 - Date.now())));
    }
    await transcriber.close(true);

    expect(errors).toEqual([]);
    const finals = turns.filter((t) => t.end_of_turn).map((t) => t.transcript);
    expect(finals).toEqual(['The weather is nice today.', 'Please turn on the lights.']);
    const session = emu.sessions.at(-1)!;
    expect(session.query.get('speech_model')).toBe('u3-rt-pro');
    expect(session.sent().at(-1)).toMatchObject({ type: 'Termination', audio_duration_seconds: 8 });
    expect(await session.done).toEqual({ code: 1000, reason: 'Session Ended' });
  }, 30_000);
});
