/**
 * PII redaction and profanity masking, by simple documented rules so tests can predict them (issue #11).
 * The service decides with models; the emulator with word lists:
 * - `person_name`: a word in {@link PERSON_NAMES} (any case);
 * - numbers: a run of consecutive number words (numerals, or `zero`…`nine`/`oh`); a run of 7 or more digits is
 *   a `phone_number`, a shorter one a `number_sequence`;
 * - profanity: a word in {@link PROFANITY}.
 * Each word is replaced on its own, its punctuation kept: `entity_name` gives `[PERSON_NAME]` (the policy's name
 * in capitals), `hash` one `#` per character (`Sonny.` → `#####.`); profanity keeps the first letter (`d***`).
 */
import type { SessionConfig } from '../session-config.js';

/** First names the emulator treats as `person_name`. */
export const PERSON_NAMES = new Set([
  'alice', 'anna', 'bob', 'carlos', 'charlie', 'david', 'emma', 'george', 'hannah', 'james', 'jane', 'john',
  'laura', 'linda', 'maria', 'mary', 'michael', 'olivia', 'paul', 'peter', 'robert', 'sarah', 'sonny', 'susan',
  'thomas', 'william', 'zack',
]);

/** Words the emulator masks with `filter_profanity`. */
export const PROFANITY = new Set(['ass', 'asshole', 'bastard', 'bitch', 'crap', 'damn', 'dick', 'fuck', 'fucking', 'hell', 'piss', 'shit']);

const DIGIT_WORDS: Record<string, number> = { zero: 1, oh: 1, one: 1, two: 1, three: 1, four: 1, five: 1, six: 1, seven: 1, eight: 1, nine: 1 };

/** A word split into leading punctuation, its core, and trailing punctuation. */
function split(word: string): [string, string, string] {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word)!;
  return [m[1]!, m[2]!, m[3]!];
}

/** Digits a number word stands for (0 when it is not one). */
function digits(core: string): number {
  if (/^\d+$/.test(core)) return core.length;
  return DIGIT_WORDS[core.toLowerCase()] ?? 0;
}

/** The PII policy each word falls under, by index (undefined: not PII). */
function piiPolicies(words: readonly string[]): (string | undefined)[] {
  const cores = words.map((w) => split(w)[1]);
  const out: (string | undefined)[] = cores.map((c) => (PERSON_NAMES.has(c.toLowerCase()) ? 'person_name' : undefined));
  for (let i = 0; i < cores.length; ) {
    if (!digits(cores[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let total = 0;
    while (j < cores.length && digits(cores[j]!)) total += digits(cores[j++]!);
    for (let k = i; k < j; k++) out[k] = total >= 7 ? 'phone_number' : 'number_sequence';
    i = j;
  }
  return out;
}

/** Rewrites a turn's word texts (final: whether the turn is final; PII is redacted on finals only, §5.3). */
export type TextFilter = (words: readonly string[], final: boolean) => string[];

/** The filter a session's configuration asks for; `undefined` when it asks for none. */
export function textFilter(config: SessionConfig): TextFilter | undefined {
  const redact = config.redact_pii === true;
  const mask = config.filter_profanity === true;
  if (!redact && !mask) return undefined;
  const policies = config.redact_pii_policies as string[] | undefined;
  const hash = (config.redact_pii_sub ?? 'hash') === 'hash';
  return (words, final) => {
    const pii = redact && final ? piiPolicies(words) : [];
    return words.map((word, i) => {
      const [lead, core, trail] = split(word);
      const policy = pii[i];
      if (policy && (!policies || policies.includes(policy))) {
        return `${lead}${hash ? '#'.repeat([...core].length) : `[${policy.toUpperCase()}]`}${trail}`;
      }
      if (mask && PROFANITY.has(core.toLowerCase())) return `${lead}${core[0]}${'*'.repeat([...core].length - 1)}${trail}`;
      return word;
    });
  };
}
