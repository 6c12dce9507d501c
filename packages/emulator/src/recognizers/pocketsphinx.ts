import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RecognizedWord, Recognizer, RecognizerOptions } from './recognizer.js';

/** Where Debian's `pocketsphinx-en-us` puts the US English model. */
export const POCKETSPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us';
// src/recognizers and dist/recognizers are both two levels below the package: one path serves both.
const WORKER_URL = new URL('../../worker/pocketsphinx-worker.mjs', import.meta.url);

let availability: string | undefined | null = null;

/**
 * Why PocketSphinx cannot run here (missing koffi, library or model), or undefined when it can.
 * Checked once; the answer is cached.
 */
export function pocketsphinxUnavailable(): string | undefined {
  if (availability !== null) return availability;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): unknown };
    koffi.load('libpocketsphinx.so.3');
    koffi.load('libsphinxbase.so.3');
    availability = existsSync(`${POCKETSPHINX_MODEL}/en-us`) ? undefined : `model not found at ${POCKETSPHINX_MODEL} (apt-get install pocketsphinx-en-us)`;
  } catch (err) {
    availability = `${(err as Error).message.split('\n')[0]} (apt-get install libpocketsphinx3 pocketsphinx-en-us)`;
  }
  return availability;
}

let mallocTrim: ((pad: number) => number) | undefined | null = null;

/**
 * glibc's `malloc_trim(0)`: a finished worker's decoder and isolate were freed into malloc arenas that glibc
 * keeps; trimming hands the pages back, so RSS returns near its baseline once sessions close (issue #11).
 * A no-op where there is no glibc.
 */
function trimMalloc(): void {
  if (mallocTrim === null) {
    try {
      const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): { func(sig: string): (pad: number) => number } };
      mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    } catch {
      mallocTrim = undefined;
    }
  }
  mallocTrim?.(0);
}

/** Options of the PocketSphinx recognizer. */
export interface PocketSphinxOptions extends RecognizerOptions {
  /** A JSGF grammar file: recognition limited to it (deterministic, fast). Default: the general language model. */
  grammar?: string;
  /**
   * PocketSphinx settings as name/value pairs, replacing Earshot's of the same name, e.g. `['-lw', '8']`. Default none. Earshot's:
   * the model, `-vad_postspeech` from the turn-end silence, `-vad_threshold 3.0`.
   */
  decoderArgs?: string[];
  /**
   * Default true: digital silence before the first sample is not fed to the decoder, and a recognized word no louder
   * than the background (8 dB over the 10th percentile of the 5 s before it) is dropped as noise. `false` is
   * PocketSphinx as it is, for comparison.
   */
  noiseGate?: boolean;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | { type: 'speechStart'; atMs: number }
  | { type: 'partial'; words: RecognizedWord[] }
  | { type: 'final'; words: RecognizedWord[] }
  | { type: 'endpointDone'; id: number };

/**
 * Real offline recognition with PocketSphinx, one decoder per session (so adaptation never leaks between
 * sessions) in its own worker thread. Audio written before the decoder is ready is queued by the worker.
 */
export class PocketSphinxRecognizer implements Recognizer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, () => void>();
  private nextId = 0;
  private closed = false;
  private markReady!: () => void;
  /** Resolves when the decoder has loaded (audio written before is queued, not lost). */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly options: PocketSphinxOptions) {
    this.worker = new Worker(WORKER_URL, {
      workerData: {
        model: POCKETSPHINX_MODEL,
        grammar: options.grammar,
        vadPostSpeechFrames: Math.max(5, Math.round(options.endSilenceMs / 10)),
        decoderArgs: options.decoderArgs ?? [],
        noiseGate: options.noiseGate ?? true,
      },
    });
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.worker.on('error', (err) => {
      console.error(`[earshot-emulator] PocketSphinx worker failed: ${err.message}`);
      this.release();
    });
    this.worker.on('exit', () => {
      this.release();
      trimMalloc();
    });
  }

  write(samples: Int16Array): void {
    if (this.closed) return;
    const copy = samples.slice();
    this.worker.postMessage({ type: 'audio', samples: copy }, [copy.buffer]);
  }

  endpoint(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type: 'endpoint', id });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage({ type: 'close' });
    // A decoder stuck in a long call is not waited for.
    setTimeout(() => void this.worker.terminate(), 2000).unref();
    this.release();
  }

  private onMessage(m: WorkerMessage): void {
    const sink = this.options.sink;
    switch (m.type) {
      case 'speechStart':
        sink.speechStart(m.atMs);
        break;
      case 'partial':
        if (m.words.length) sink.partial(m.words);
        break;
      case 'final':
        sink.final(m.words);
        break;
      case 'endpointDone':
        this.waiting.get(m.id)?.();
        this.waiting.delete(m.id);
        break;
      case 'error':
        console.error(`[earshot-emulator] ${m.message}`);
        break;
      case 'ready':
        this.markReady();
        break;
    }
  }

  private release(): void {
    this.markReady();
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }
}
