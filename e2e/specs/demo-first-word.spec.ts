// The demo's first caption starts with what was said first (issue 13): in the browser, capture starts with
// digital silence and the microphone's automatic gain control lifts the quiet lead-in ~14 dB, which the
// emulator's open-vocabulary recognizer used to hear as a word ("Fuck the weather is nice today."). Run for
// every fixture (a project each: one fake microphone per launch), with the e2e grammar and the open vocabulary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, startStack } from '../support/stack.js';

const firstWord = (text: string) => text.trim().split(/\s+/)[0]!.toLowerCase().replace(/[^a-z']/g, '');

for (const recognizer of ['grammar', 'open vocabulary'] as const) {
  test(`the live-captions page's first caption starts with the fixture's first word (${recognizer})`, async ({ page }, info) => {
    const fixture = String(info.project.metadata.fixture);
    const spoken = readFileSync(join(FIXTURES, `${fixture}.txt`), 'utf8');
    const stack = await startStack(recognizer === 'grammar' ? {} : { grammar: undefined });
    try {
      await page.goto(`${stack.baseUrl}examples/live-captions/`);
      await page.getByRole('button', { name: 'Start' }).click();
      const first = page.locator('#captions p').first();
      await expect(first).toHaveClass('final', { timeout: 30_000 });
      const caption = (await first.textContent()) ?? '';
      info.annotations.push({ type: 'first caption', description: caption });
      expect(firstWord(caption)).toBe(firstWord(spoken));
      await page.getByRole('button', { name: 'Stop' }).click();
      await expect(page.locator('#state')).toHaveText('closed');
    } finally {
      await stack.close();
    }
  });
}
