/**
 * The small interface every recognizer implements. A recognizer reads 16 kHz mono PCM16 on the session's
 * audio clock and tells its sink when speech starts, what it hears so far, and the words of a finished turn.
 */

/** A recognized word with times in milliseconds on the session's audio clock. */
export interface RecognizedWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
}

/** Where a recognizer reports. Calls arrive in order: speechStart, partial*, final, then again. */
export interface RecognizerSink {
  speechStart(atMs: number): void;
  partial(words: RecognizedWord[]): void;
  /** The turn's words; an empty list means the speech held no words (noise), and no turn is sent. */
  final(words: RecognizedWord[]): void;
}

/** One session's recognizer. */
export interface Recognizer {
  /** Feeds audio (16 kHz mono PCM16) that follows what was fed before. */
  write(samples: Int16Array): void;
  /** Ends the turn in flight now (ForceEndpoint, Terminate); resolves once its final has been reported. */
  endpoint(): Promise<void>;
  /** Frees everything. */
  close(): void;
}

/** Recognizer names for options and the CLI. */
export type RecognizerName = 'auto' | 'pocketsphinx' | 'scripted';

/** Options a recognizer is created with. */
export interface RecognizerOptions {
  sink: RecognizerSink;
  /** Silence (ms) that ends a turn. */
  endSilenceMs: number;
}
