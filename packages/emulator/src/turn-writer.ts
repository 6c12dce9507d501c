import type { RecognizedWord, RecognizerSink } from './recognizers/recognizer.js';
import { modelFamily, type SessionConfig } from './session-config.js';

/** Sends one server message. */
export type Send = (message: Record<string, unknown>) => void;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The formatted form of a turn's words: first word capitalised, terminal punctuation added. */
function formatWords(words: RecognizedWord[]): string[] {
  return words.map((w, i) => {
    let text = i === 0 ? w.text.charAt(0).toUpperCase() + w.text.slice(1) : w.text;
    if (i === words.length - 1 && !/[.?!]$/.test(text)) text += '.';
    return text;
  });
}

/**
 * Turns recognizer events into the message pattern of the session's model (spec §5.3, §8):
 * - U3 family: `SpeechStarted` just before a turn's first Turn, partials (`end_of_turn: false`, words not
 *   final), then exactly one formatted final with `end_of_turn_confidence` 1 and `utterance` = transcript;
 * - Universal-Streaming and whisper-rt: word-by-word partials whose `transcript` holds the finalized words
 *   (all but the last), an unformatted final, and with `format_turns` a second, formatted final.
 * `include_partial_turns=false` (the default with `redact_pii`) sends finals only.
 */
export class TurnWriter implements RecognizerSink {
  private turnOrder = 0;
  private speechAt: number | undefined;
  private startedSent = false;
  /** Finals sent, for the log and tests. */
  finals = 0;

  constructor(private readonly config: SessionConfig, private readonly send: Send) {}

  /** The turn_order the next turn will carry. */
  get nextTurnOrder(): number {
    return this.turnOrder;
  }

  speechStart(atMs: number): void {
    this.speechAt = atMs;
    this.startedSent = false;
  }

  partial(words: RecognizedWord[]): void {
    if (!words.length || !this.partialsWanted()) return;
    this.announce(words[0]!.start);
    const family = modelFamily(this.config.speech_model);
    if (family === 'u3') {
      this.turn(words.map((w) => w.text), words, false, false, 0, '');
    } else {
      // Universal-Streaming: every word but the last is final; `transcript` holds only the final ones.
      const finalWords = words.slice(0, -1).map((w) => w.text);
      this.turn(finalWords, words, false, false, round6(0.05 * words.length / (words.length + 1)), '', words.length - 1);
    }
  }

  final(words: RecognizedWord[]): void {
    if (!words.length) {
      // Noise alone produces no turn and no SpeechStarted (§5.2).
      this.speechAt = undefined;
      return;
    }
    this.announce(words[0]!.start);
    const family = modelFamily(this.config.speech_model);
    if (family === 'u3') {
      const texts = formatWords(words);
      this.turn(texts, words, true, true, 1, texts.join(' '));
    } else {
      const plain = words.map((w) => w.text);
      this.turn(plain, words, true, false, family === 'whisper' ? 1 : 0.82, plain.join(' '));
      if (this.config.format_turns === true) this.turn(formatWords(words), words, true, true, family === 'whisper' ? 1 : 0.82, '');
    }
    this.finals += 1;
    this.turnOrder += 1;
    this.speechAt = undefined;
  }

  /** On Terminate, Universal-Streaming sessions were seen to send one extra empty final (§5.3). */
  terminate(): void {
    if (modelFamily(this.config.speech_model) === 'universal-streaming') this.turn([], [], true, false, 0, '');
  }

  private partialsWanted(): boolean {
    const include = this.config.include_partial_turns as boolean | undefined;
    return include ?? this.config.redact_pii !== true;
  }

  private announce(firstWordStart: number): void {
    if (this.startedSent || modelFamily(this.config.speech_model) !== 'u3') return;
    this.startedSent = true;
    this.send({ type: 'SpeechStarted', timestamp: this.speechAt ?? firstWordStart, confidence: 0.95 });
  }

  private turn(
    texts: string[],
    words: RecognizedWord[],
    endOfTurn: boolean,
    formatted: boolean,
    confidence: number,
    utterance: string,
    finalCount = endOfTurn ? words.length : 0,
  ): void {
    this.send({
      turn_order: this.turnOrder,
      turn_is_formatted: formatted,
      end_of_turn: endOfTurn,
      transcript: texts.join(' '),
      end_of_turn_confidence: confidence,
      words: words.map((w, i) => ({
        start: w.start,
        end: w.end,
        text: formatted ? (texts[i] ?? w.text) : w.text,
        confidence: modelFamily(this.config.speech_model) === 'whisper' ? 0 : round6(w.confidence),
        word_is_final: i < finalCount,
      })),
      utterance,
      type: 'Turn',
    });
  }
}
