import { detectLanguage, reportsLanguage } from './features/language.js';
import { SpeakerTracker } from './features/speakers.js';
import { textFilter, type TextFilter } from './features/text-filters.js';
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
 * `include_partial_turns=false` (the default with `redact_pii`) sends finals only. What the requested features
 * produce is added by the rules in features/: PII and profanity (text-filters), `language_code` (language),
 * speaker labels and the session-end `SpeakerRevision` (speakers).
 */
export class TurnWriter implements RecognizerSink {
  private turnOrder = 0;
  private speechAt: number | undefined;
  private startedSent = false;
  /** Finals sent, for the log and tests. */
  finals = 0;
  private readonly filter: TextFilter | undefined;
  private readonly speakers: SpeakerTracker | undefined;

  constructor(private readonly config: SessionConfig, private readonly send: Send) {
    this.filter = textFilter(config);
    this.speakers = config.speaker_labels === true ? new SpeakerTracker((config.max_speakers as number | undefined) ?? 10) : undefined;
  }

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
      this.turn(words.map((w) => w.text), words, false, false, 0, false);
    } else {
      // Universal-Streaming: every word but the last is final; `transcript` holds only the final ones.
      const finalWords = words.slice(0, -1).map((w) => w.text);
      this.turn(finalWords, words, false, false, round6(0.05 * words.length / (words.length + 1)), false, words.length - 1);
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
    const speaker = this.speakers?.label(words);
    if (family === 'u3') {
      const texts = formatWords(words);
      this.turn(texts, words, true, true, 1, true, words.length, speaker);
    } else {
      const plain = words.map((w) => w.text);
      this.turn(plain, words, true, false, family === 'whisper' ? 1 : 0.82, true, words.length, speaker);
      if (this.config.format_turns === true) this.turn(formatWords(words), words, true, true, family === 'whisper' ? 1 : 0.82, false, words.length, speaker);
    }
    this.finals += 1;
    this.turnOrder += 1;
    this.speechAt = undefined;
  }

  /**
   * On Terminate: Universal-Streaming sessions were seen to send one extra empty final (§5.3); with speaker
   * labels, the session-end `SpeakerRevision` when a label changed (§5.8). Termination follows.
   */
  terminate(): void {
    if (modelFamily(this.config.speech_model) === 'universal-streaming') this.turn([], [], true, false, 0, false);
    const revision = this.speakers?.revision();
    if (revision) this.send(revision);
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

  /**
   * One Turn message. `texts`: what `transcript` joins (US partials: the final words only); `withUtterance`:
   * `utterance` = `transcript`, else `""`; `speaker`: the final's label, when speaker labels are on.
   */
  private turn(
    texts: string[],
    words: RecognizedWord[],
    endOfTurn: boolean,
    formatted: boolean,
    confidence: number,
    withUtterance: boolean,
    finalCount = endOfTurn ? words.length : 0,
    speaker?: { label: string; confidence: number },
  ): void {
    const shownWords = this.shown(words.map((w, i) => (formatted ? (texts[i] ?? w.text) : w.text)), endOfTurn);
    const transcript = this.shown(texts, endOfTurn).join(' ');
    const wire = words.map((w, i) => ({
      start: w.start,
      end: w.end,
      text: shownWords[i]!,
      confidence: modelFamily(this.config.speech_model) === 'whisper' ? 0 : round6(w.confidence),
      word_is_final: i < finalCount,
      ...(speaker ? { speaker: speaker.label } : {}),
    }));
    const final = endOfTurn && words.length > 0;
    this.send({
      turn_order: this.turnOrder,
      turn_is_formatted: formatted,
      end_of_turn: endOfTurn,
      transcript,
      end_of_turn_confidence: confidence,
      words: wire,
      utterance: withUtterance ? transcript : '',
      ...(final && reportsLanguage(this.config) ? detectLanguage(words.map((w) => w.text), this.config) : {}),
      ...(final && speaker ? { speaker_label: speaker.label, speaker_confidence: speaker.confidence } : {}),
      type: 'Turn',
    });
    if (final && speaker) this.speakers!.sent(this.turnOrder, speaker.label, wire);
  }

  /** Word texts as the client sees them: redacted (finals) and masked when asked. */
  private shown(texts: readonly string[], final: boolean): string[] {
    return this.filter ? this.filter(texts, final) : [...texts];
  }
}
