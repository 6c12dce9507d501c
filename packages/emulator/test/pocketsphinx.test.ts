// Issue #3 §3: real offline recognition with PocketSphinx (Debian's libpocketsphinx3 + pocketsphinx-en-us,
// installed by the README's commands), in a worker thread, on the committed speech fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketsphinxUnavailable, startEmulator, type Emulator } from '../src/index.js';
import { FIXTURES, RawClient, readWav } from './helpers.js';

/** Streams a fixture at real time through a raw client and returns its messages after Termination. */
async function transcribe(emu: Emulator, name: string): Promise<Record<string, unknown>[]> {
  const c = new RawClient(`${emu.url}?token=${emu.mintToken()}&speech_model=u3-rt-pro`);
  await c.next('Begin');
  await c.stream(readWav(join(FIXTURES, `${name}.16k.wav`)).samples, 16000);
  c.sendJson({ type: 'Terminate' });
  await c.closed;
  return c.messages;
}
const finals = (messages: Record<string, unknown>[]) => messages.filter((m) => m.type === 'Turn' && m.end_of_turn) as { transcript: string; words: { text: string; start: number; end: number }[] }[];
const sentences = (name: string) => readFileSync(join(FIXTURES, `${name}.txt`), 'utf8').trim().split('\n');
const formatted = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;

it('is installed (the README commands install it)', () => {
  expect(pocketsphinxUnavailable()).toBeUndefined();
});

describe('with a grammar of the fixture sentences', () => {
  let emu: Emulator;
  const log: string[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ grammar: join(FIXTURES, 'grammar.jsgf'), beginDelayMs: 0, log: (l) => log.push(l) });
  });
  afterAll(() => emu.close());

  it('says at start-up that auto chose PocketSphinx', () => {
    expect(emu.recognizer).toBe('pocketsphinx');
    expect(log).toContain('recognizer: pocketsphinx');
  });

  it('reads every sentence of every fixture, one formatted final per sentence', async () => {
    const [two, first] = await Promise.all([transcribe(emu, 'two-sentences'), transcribe(emu, 'first-word')]);
    expect(finals(two).map((f) => f.transcript)).toEqual(sentences('two-sentences').map(formatted));
    expect(finals(first).map((f) => f.transcript)).toEqual(sentences('first-word').map(formatted));
    // SpeechStarted precedes each turn's first Turn; partials came while speech went on.
    expect(two.filter((m) => m.type === 'SpeechStarted')).toHaveLength(2);
    expect(two.filter((m) => m.type === 'Turn' && !m.end_of_turn).length).toBeGreaterThanOrEqual(2);
    // Word times are on the session's audio clock: the second sentence starts after the first plus the gap.
    const [a, b] = finals(two);
    expect(a!.words[0]!.start).toBeGreaterThanOrEqual(800);
    expect(b!.words[0]!.start).toBeGreaterThan(a!.words.at(-1)!.end + 1000);
  }, 30_000);
});

describe('with the general language model', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ recognizer: 'pocketsphinx', beginDelayMs: 0 });
  });
  afterAll(() => emu.close());

  it('recognizes open speech: most words of the fixture come back', async () => {
    const messages = await transcribe(emu, 'two-sentences');
    const heard = finals(messages).flatMap((f) => f.transcript.toLowerCase().replace(/[.?!,]/g, '').split(' '));
    const said = sentences('two-sentences').flatMap((s) => s.split(' '));
    const found = said.filter((w) => heard.includes(w));
    expect(found.length / said.length).toBeGreaterThanOrEqual(0.6);
  }, 30_000);
});
