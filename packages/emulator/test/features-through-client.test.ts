// What the requested features produce (issue #11), through @earshot/client's Transcriber over real sockets:
// speaker labels and SpeakerRevision, language detection, PII redaction, profanity masking, the u3-pro alias,
// the concurrency limit and an over-long URL. The scripted recognizer answers each speech burst with the next
// transcript, so the rules of src/features/ can be predicted exactly. Audio goes as fast as the socket takes
// it (the emulator lets it run ahead here), so a test of 10 s of audio takes well under a second.
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError, RateLimitError, Transcriber, type TranscriberOptions } from '../../client/src/index.js';
import type { WebSocketConstructor } from '../../client/src/session/websocket-like.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';
import { concat, noise } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function emulator(transcripts: string[], options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, maxAudioLeadMs: 60_000, transcripts, ...options });
  return emu;
}

const client = (e: Emulator, options: Partial<TranscriberOptions> = {}) =>
  new Transcriber({ token: async () => e.mintToken(), url: e.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false, ...options });

const speech = (ms: number) => Int16Array.from({ length: ms * 16 }, (_, i) => Math.round(Math.sin(i / 4) * 4000));
const silence = (ms: number) => noise(ms * 16);

/** Connects, sends the audio, stops; resolves with everything the client emitted. */
async function run(t: Transcriber, audio: Int16Array) {
  const finals: Record<string, unknown>[] = [];
  const partials: Record<string, unknown>[] = [];
  const revisions: Record<string, unknown>[] = [];
  t.on('final', (m) => finals.push(m as unknown as Record<string, unknown>));
  t.on('partial', (m) => partials.push(m as unknown as Record<string, unknown>));
  t.on('speakerRevision', (m) => revisions.push(m as unknown as Record<string, unknown>));
  const begin = await t.connect();
  t.sendAudio(audio);
  await t.stop();
  return { begin, finals, partials, revisions };
}

describe('emulated features through the client', () => {
  it('speaker labels: a new speaker after 2 s of silence, UNKNOWN for a short turn, revised at the end by the turn nearest it', async () => {
    const e = await emulator(['hello there my friend', 'how are you doing', 'fine thank you', 'ok']);
    const audio = concat(silence(300), speech(1500), silence(800), speech(1500), silence(2500), speech(1500), silence(700), speech(500), silence(800));
    const { finals, partials, revisions } = await run(client(e, { speakerLabels: true }), audio);
    expect(finals.map((f) => [f.transcript, f.speaker_label, f.speaker_confidence])).toEqual([
      ['Hello there my friend.', 'A', 0.9],
      ['How are you doing.', 'A', 0.9],
      ['Fine thank you.', 'B', 0.9],
      ['Ok.', 'UNKNOWN', 0],
    ]);
    for (const f of finals) expect((f.words as { speaker: string }[]).every((w) => w.speaker === f.speaker_label)).toBe(true);
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.every((p) => p.speaker_label === undefined)).toBe(true);
    expect(revisions).toEqual([
      { type: 'SpeakerRevision', revisions: [{ turn_order: 3, speaker_label: 'B', words: [expect.objectContaining({ text: 'Ok.', speaker: 'B', word_is_final: true })] }] },
    ]);
  });

  it('language detection: language_code and language_confidence on finals, by the words each turn uses', async () => {
    const e = await emulator(['hola buenos días gracias', 'the weather is nice today', 'zzz qqq']);
    const audio = concat(silence(300), speech(1500), silence(800), speech(1500), silence(800), speech(1500), silence(800));
    const { finals, partials } = await run(client(e, { languageDetection: true, languageCodes: ['multi'] }), audio);
    expect(finals.map((f) => [f.language_code, f.language_confidence])).toEqual([
      ['es', 0.99],
      ['en', 0.99],
      ['en', 0.5],
    ]);
    expect(partials.every((p) => p.language_code === undefined)).toBe(true);
  });

  it('PII redaction: names and numbers become the service\'s placeholders on finals, and partials are off by default', async () => {
    const e = await emulator(['my name is sonny and my number is five five five one two three four', 'call zack at 42']);
    const audio = concat(silence(300), speech(3000), silence(800), speech(1500), silence(800));
    const named = await run(client(e, { redactPii: true, redactPiiSub: 'entity_name' }), audio);
    expect(named.finals.map((f) => f.transcript)).toEqual([
      `My name is [PERSON_NAME] and my number is ${Array(6).fill('[PHONE_NUMBER]').join(' ')} [PHONE_NUMBER].`,
      'Call [PERSON_NAME] at [NUMBER_SEQUENCE].',
    ]);
    expect(named.finals[0]!.utterance).toBe(named.finals[0]!.transcript);
    expect((named.finals[0]!.words as { text: string }[])[3]!.text).toBe('[PERSON_NAME]');
    expect(named.partials).toEqual([]);
    const hashed = await run(client(e, { redactPii: true, redactPiiPolicies: ['person_name'] }), audio);
    expect(hashed.finals.map((f) => f.transcript)).toEqual(['My name is ##### and my number is five five five one two three four.', 'Call #### at 42.']);
  });

  it('profanity: first letter and asterisks, on partials and finals', async () => {
    const e = await emulator(['well damn that was one hell of a ride']);
    const audio = concat(silence(300), speech(3000), silence(800));
    const { finals, partials } = await run(client(e, { filterProfanity: true }), audio);
    expect(finals.map((f) => f.transcript)).toEqual(['Well d*** that was one h*** of a ride.']);
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.some((p) => String(p.transcript).includes('d***'))).toBe(true);
    expect(JSON.stringify(partials)).not.toMatch(/damn|hell/);
  });

  it('the u3-pro alias opens a session, echoed as the model it routes to', async () => {
    const e = await emulator(['hello']);
    const { begin } = await run(client(e, { speechModel: 'u3-pro' as TranscriberOptions['speechModel'] }), concat(silence(300), speech(1200), silence(800)));
    expect(begin.configuration).toMatchObject({ model: 'u3-rt-pro' });
  });

  it('past maxSessions, connect() rejects with the service\'s concurrency error', async () => {
    const e = await emulator(['hello'], { maxSessions: 1 });
    const first = client(e);
    await first.connect();
    const err = await client(e).connect().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('Too many concurrent sessions') });
    await first.stop();
  });

  it('an over-long URL is refused before connecting, naming its size, and never retried', async () => {
    const e = await emulator(['hello']);
    const minted = e.tokensMinted;
    const keytermsPrompt = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(50, '語'));
    const t = new Transcriber({ token: async () => e.mintToken(), url: e.url, WebSocket: WebSocket as unknown as WebSocketConstructor, keytermsPrompt });
    const err = await t.connect().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(BadInputError);
    expect(err).toMatchObject({ code: 'url_too_long', retriable: false, message: expect.stringMatching(/session request is \d+ bytes of URL, over the 16384/) });
    await new Promise((r) => setTimeout(r, 300));
    expect(e.sessions).toHaveLength(0);
    expect(e.tokensMinted - minted).toBe(1);
  });
});
