// The demo's first caption starts with what was said first (issue 13): in the browser, capture starts with
// digital silence and the microphone's automatic gain control lifts the quiet lead-in ~14 dB, which the
// emulator's open-vocabulary recognizer used to hear as a word ("Fuck the weather is nice today."). Run for
// every fixture (a project each: one fake microphone per launch): the demo as it runs (open vocabulary, on the
// page), then the e2e grammar recognizer on the very audio that session received.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PocketSphinxRecognizer } from '../../packages/emulator/src/recognizers/pocketsphinx.js';
import { samplesOf } from '../support/audio.js';
import { FIXTURES, startStack } from '../support/stack.js';

const firstWord = (text: string) => (text.trim().split(/\s+/)[0] ?? '').toLowerCase().replace(/[^a-z']/g, '');

/** The first final's text when the grammar recognizer hears `pcm` (16 kHz), fed as fast as it takes it. */
async function firstFinalWithGrammar(pcm: Int16Array): Promise<string> {
  const finals: string[] = [];
  const r = new PocketSphinxRecognizer({
    endSilenceMs: 500,
    grammar: join(FIXTURES, 'grammar.jsgf'),
    sink: { speechStart() {}, partial() {}, final: (words) => words.length && finals.push(words.map((w) => w.text).join(' ')) },
  });
  await r.ready;
  for (let i = 0; i < pcm.length; i += 800) r.write(pcm.subarray(i, i + 800));
  await r.endpoint();
  r.close();
  return finals[0] ?? '';
}

test('the live-captions page\'s first caption starts with the fixture\'s first word (open vocabulary, then the grammar)', async ({ page }, info) => {
  const fixture = String(info.project.metadata.fixture);
  const spoken = readFileSync(join(FIXTURES, `${fixture}.txt`), 'utf8');
  const stack = await startStack({ grammar: undefined });
  try {
    await page.goto(`${stack.baseUrl}examples/live-captions/`);
    const next = stack.emulator.nextSession();
    await page.getByRole('button', { name: 'Start' }).click();
    const session = await next;
    const first = page.locator('#captions p').first();
    await expect(first).toHaveClass('final', { timeout: 30_000 });
    const caption = (await first.textContent()) ?? '';
    // What the service had received by then holds the first turn whole.
    const withGrammar = await firstFinalWithGrammar(samplesOf(session.pcm()));
    info.annotations.push({ type: 'first caption', description: `open vocabulary: "${caption}"; grammar: "${withGrammar}"` });
    expect(firstWord(caption)).toBe(firstWord(spoken));
    expect(firstWord(withGrammar)).toBe(firstWord(spoken));
  } finally {
    await stack.close();
  }
});
