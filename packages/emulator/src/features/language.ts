/**
 * `language_detection` (issue #11): which language a final turn is in, by a rule tests can predict. Each word
 * (lowercased, punctuation stripped) that is in a language's list below counts for it; the language with the
 * most counts wins, ties going to the order of `language_codes`, then en, es, fr, de, it, pt. No count at all:
 * the first of `language_codes` (other than `multi`), else `en`. `language_confidence` = 0.5 + 0.5 × the
 * winner's share of the words, at most 0.99, to 2 decimals.
 */
import type { SessionConfig } from '../session-config.js';

/** Common words per language. */
export const LANGUAGE_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(['the', 'and', 'is', 'are', 'you', 'i', 'to', 'of', 'it', 'this', 'that', 'what', 'my', 'your', 'hello', 'please', 'thank', 'thanks', 'weather', 'today', 'nice', 'turn', 'on', 'lights']),
  es: new Set(['el', 'la', 'los', 'las', 'y', 'es', 'que', 'de', 'hola', 'gracias', 'por', 'favor', 'buenos', 'días', 'mi', 'tu', 'un', 'una', 'hoy', 'hace', 'buen', 'tiempo']),
  fr: new Set(['le', 'la', 'les', 'et', 'est', 'je', 'bonjour', 'merci', 'vous', 'une', 'des', 'oui', 'il', 'fait', 'beau', "aujourd'hui"]),
  de: new Set(['der', 'die', 'das', 'und', 'ist', 'ich', 'nicht', 'danke', 'guten', 'tag', 'ein', 'eine', 'ja', 'heute', 'schön']),
  it: new Set(['il', 'lo', 'gli', 'e', 'è', 'ciao', 'grazie', 'sono', 'buongiorno', 'che', 'di', 'oggi', 'bello']),
  pt: new Set(['o', 'os', 'as', 'é', 'obrigado', 'obrigada', 'olá', 'bom', 'dia', 'não', 'um', 'uma', 'hoje']),
};

/** Whether the session's model reports language fields at all (spec §4.2: not the English-only model). */
export function reportsLanguage(config: SessionConfig): boolean {
  return config.language_detection === true && config.speech_model !== 'universal-streaming-english';
}

/** The language fields of a final turn. */
export function detectLanguage(words: readonly string[], config: SessionConfig): { language_code: string; language_confidence: number } {
  const preferred = ((config.language_codes as string[] | undefined) ?? []).filter((c) => c !== 'multi');
  const order = [...preferred, ...Object.keys(LANGUAGE_WORDS).filter((c) => !preferred.includes(c))];
  const cores = words.map((w) => w.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, ''));
  let best = preferred[0] ?? 'en';
  let bestCount = 0;
  for (const code of order) {
    const list = LANGUAGE_WORDS[code];
    if (!list) continue;
    const count = cores.filter((c) => list.has(c)).length;
    if (count > bestCount) [best, bestCount] = [code, count];
  }
  const share = words.length ? bestCount / words.length : 0;
  return { language_code: best, language_confidence: Math.round(Math.min(0.99, 0.5 + 0.5 * share) * 100) / 100 };
}
