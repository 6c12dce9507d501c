import { EnergyDetector } from './energy-detector.js';
import type { RecognizedWord, Recognizer, RecognizerOptions } from './recognizer.js';

/** Words used when no transcript list is given, so any audio yields the full message pattern. */
const PLACEHOLDER = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** Speaking rate assumed for partials and placeholder words. */
const MS_PER_WORD = 350;

/** Options of the scripted recognizer. */
export interface ScriptedOptions extends RecognizerOptions {
  /** Transcripts for turns 0, 1, 2, …; past the end (or when empty), placeholder words. */
  transcripts?: readonly string[];
  /** The turn counter shared across the emulator's sessions is not wanted: each session starts at the list's head. */
}

/**
 * Deterministic and dependency-free: finds speech by energy and answers each speech segment with the next
 * transcript of a list, with word timings spread over the segment. A partial comes 300 ms into speech and
 * then every second, a final after `endSilenceMs` of silence or on `endpoint()`.
 */
export class ScriptedRecognizer implements Recognizer {
  private readonly detector = new EnergyDetector();
  private turn = 0;
  private speechStart: number | undefined;
  private lastSpeech = 0;
  private nextPartialAt = 0;

  constructor(private readonly options: ScriptedOptions) {}

  write(samples: Int16Array): void {
    this.detector.feed(samples, (speech, frame) => this.onFrame(speech, frame * 10));
  }

  async endpoint(): Promise<void> {
    if (this.speechStart !== undefined) this.finish(this.lastSpeech + 10);
  }

  close(): void {
    this.speechStart = undefined;
  }

  private onFrame(speech: boolean, atMs: number): void {
    if (speech) {
      if (this.speechStart === undefined) {
        // The detector needs 3 frames to decide: speech began 20 ms before this frame.
        this.speechStart = Math.max(0, atMs - 20);
        this.nextPartialAt = this.speechStart + 300;
        this.detector.inSpeech = true;
        this.options.sink.speechStart(this.speechStart);
      }
      this.lastSpeech = atMs;
      if (atMs >= this.nextPartialAt) {
        this.nextPartialAt += 1000;
        const words = this.words(this.speechStart, atMs + 10);
        const heard = Math.min(words.length - 1, Math.max(1, Math.floor((atMs - this.speechStart) / MS_PER_WORD)));
        if (heard > 0) this.options.sink.partial(words.slice(0, heard));
      }
    } else if (this.speechStart !== undefined && atMs - this.lastSpeech >= this.options.endSilenceMs) {
      this.finish(this.lastSpeech + 10);
    }
  }

  private finish(endMs: number): void {
    const start = this.speechStart!;
    this.speechStart = undefined;
    this.detector.inSpeech = false;
    this.options.sink.final(this.words(start, endMs));
    this.turn += 1;
  }

  /** The turn's words spread over [start, end] in proportion to their length. */
  private words(start: number, end: number): RecognizedWord[] {
    const script = this.options.transcripts ?? [];
    const text = this.turn < script.length ? script[this.turn]! : undefined;
    const tokens = text
      ? text.split(/\s+/).filter(Boolean)
      : Array.from({ length: Math.max(1, Math.round((end - start) / MS_PER_WORD)) }, (_, i) => PLACEHOLDER[i % PLACEHOLDER.length]!);
    const weights = tokens.map((t) => t.length + 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const span = Math.max(end - start, tokens.length * 20);
    let at = start;
    return tokens.map((t, i) => {
      const length = (span * weights[i]!) / total;
      const word = { text: t, start: Math.round(at), end: Math.round(at + length * 0.9), confidence: 0.9 };
      at += length;
      return word;
    });
  }
}
