// Spec §5.2–§5.4, §8 and §14.7: the Turn patterns per model family, with the scripted recognizer on a real
// speech fixture, over a real socket.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { FIXTURES, RawClient, concat, noise, readWav } from './helpers.js';

const SCRIPT = ['The weather is nice today.', 'Please turn on the lights.'];
const speech = readWav(join(FIXTURES, 'two-sentences.16k.wav'));
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ recognizer: 'scripted', transcripts: SCRIPT, beginDelayMs: 0 });
});
afterAll(() => emu.close());

/** Streams the fixture at real time and terminates; returns every message. */
async function session(query: string, audio = speech.samples): Promise<Record<string, unknown>[]> {
  const c = new RawClient(`${emu.url}?token=${emu.mintToken()}${query}`);
  await c.next('Begin');
  await c.stream(audio, 16000);
  c.sendJson({ type: 'Terminate' });
  await c.closed;
  return c.messages;
}
const turns = (messages: Record<string, unknown>[]) => messages.filter((m) => m.type === 'Turn') as unknown as {
  turn_order: number; end_of_turn: boolean; turn_is_formatted: boolean; transcript: string; end_of_turn_confidence: number;
  utterance: string; words: { text: string; start: number; end: number; word_is_final: boolean }[];
}[];

describe('U3 family (u3-rt-pro)', () => {
  let messages: Record<string, unknown>[];
  beforeAll(async () => {
    messages = await session('&speech_model=u3-rt-pro');
  }, 20_000);

  it('orders Begin, then per turn SpeechStarted → partials → one final, then Termination last', () => {
    const kinds = messages.map((m) => (m.type === 'Turn' ? (m.end_of_turn ? `final${m.turn_order}` : `partial${m.turn_order}`) : m.type));
    expect(kinds[0]).toBe('Begin');
    expect(kinds.at(-1)).toBe('Termination');
    const compact = kinds.filter((k, i) => k !== kinds[i - 1]);
    expect(compact).toEqual(['Begin', 'SpeechStarted', 'partial0', 'final0', 'SpeechStarted', 'partial1', 'final1', 'Termination']);
  });

  it('sends exactly one formatted final per turn with confidence 1 and utterance = transcript', () => {
    const finals = turns(messages).filter((t) => t.end_of_turn);
    expect(finals.map((t) => t.transcript)).toEqual(SCRIPT);
    for (const f of finals) {
      expect(f).toMatchObject({ turn_is_formatted: true, end_of_turn_confidence: 1 });
      expect(f.utterance).toBe(f.transcript);
      expect(f.words.every((w) => w.word_is_final)).toBe(true);
    }
  });

  it('sends partials unformatted, not final, confidence 0 and no utterance', () => {
    for (const p of turns(messages).filter((t) => !t.end_of_turn)) {
      expect(p).toMatchObject({ turn_is_formatted: false, end_of_turn_confidence: 0, utterance: '' });
      expect(p.words.every((w) => !w.word_is_final)).toBe(true);
    }
  });

  it('times words on the audio clock, inside the speech of the fixture', () => {
    const [first, second] = turns(messages).filter((t) => t.end_of_turn);
    // The fixture: 1.0 s of noise, sentence one, 1.6 s gap, sentence two.
    expect(first!.words[0]!.start).toBeGreaterThanOrEqual(900);
    expect(first!.words[0]!.start).toBeLessThan(1300);
    expect(second!.words[0]!.start).toBeGreaterThan(first!.words.at(-1)!.end + 1000);
    const starts = messages.filter((m) => m.type === 'SpeechStarted').map((m) => m.timestamp as number);
    expect(starts[0]).toBeLessThanOrEqual(first!.words[0]!.start);
  });
});

describe('Universal-Streaming', () => {
  it('sends word-by-word partials whose transcript holds only finalized words, and no SpeechStarted', async () => {
    const messages = await session('&speech_model=universal-streaming-english');
    expect(messages.some((m) => m.type === 'SpeechStarted')).toBe(false);
    const partials = turns(messages).filter((t) => !t.end_of_turn && t.words.length > 1);
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) {
      expect(p.words.at(-1)!.word_is_final).toBe(false);
      expect(p.transcript).toBe(p.words.slice(0, -1).map((w) => w.text).join(' '));
    }
  }, 20_000);

  it('with format_turns sends an unformatted then a formatted final per turn, and an empty final on Terminate', async () => {
    const messages = await session('&speech_model=universal-streaming-english&format_turns=true');
    const finals = turns(messages).filter((t) => t.end_of_turn);
    expect(finals.map((f) => [f.turn_order, f.turn_is_formatted])).toEqual([[0, false], [0, true], [1, false], [1, true], [2, false]]);
    expect(finals[4]).toMatchObject({ transcript: '', words: [] });
  }, 20_000);
});

describe('options and control', () => {
  it('sends finals only with include_partial_turns=false', async () => {
    const messages = await session('&speech_model=u3-rt-pro&include_partial_turns=false');
    expect(turns(messages).every((t) => t.end_of_turn)).toBe(true);
    expect(turns(messages)).toHaveLength(2);
  }, 20_000);

  it('finalizes the turn in flight on ForceEndpoint, without waiting for silence', async () => {
    const c = new RawClient(`${emu.url}?token=${emu.mintToken()}`);
    await c.next('Begin');
    // Stream only the first 2 s: the first sentence is still going on.
    await c.stream(speech.samples.subarray(0, 32_000), 16000);
    expect(turns(c.messages).some((t) => t.end_of_turn)).toBe(false);
    c.sendJson({ type: 'ForceEndpoint' });
    const final = await c.next('Turn', (m) => m.end_of_turn === true);
    expect(final.transcript).toBe(SCRIPT[0]);
    c.ws.close();
  }, 10_000);

  it('flushes the turn in flight on Terminate: its final precedes Termination', async () => {
    const audio = speech.samples.subarray(0, 32_000);
    const messages = await session('', audio);
    const kinds = messages.map((m) => `${m.type}${m.type === 'Turn' ? (m.end_of_turn ? ':final' : ':partial') : ''}`);
    expect(kinds.slice(-2)).toEqual(['Turn:final', 'Termination']);
  }, 10_000);

  it('answers speech with placeholder words when it has no transcripts left, and noise with nothing', async () => {
    const bare = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0 });
    const c = new RawClient(`${bare.url}?token=${bare.mintToken()}`);
    await c.next('Begin');
    await c.stream(concat(noise(16_000, 200), speech.samples), 16000);
    c.sendJson({ type: 'Terminate' });
    await c.closed;
    const finals = turns(c.messages).filter((t) => t.end_of_turn);
    expect(finals).toHaveLength(2);
    expect(finals[0]!.transcript).toMatch(/^One( \w+)*\.$/);
    await bare.close();
  }, 20_000);
});
