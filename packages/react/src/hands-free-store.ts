import { EarshotError, Transcriber, UsageError, type TranscriberOptions } from '@earshot/client';
import { HandsFree, type HandsFreeOptions } from '@earshot/vad';
import { applyFinal, applyPartial, EMPTY_LOG, endSession, newSession, type CaptionLog } from './caption-log.js';
import { ExternalStore } from './external-store.js';

/** Options of {@link useHandsFree}: the Transcriber's, and HandsFree's own. */
export interface UseHandsFreeOptions extends TranscriberOptions {
  handsFree?: Omit<HandsFreeOptions, 'transcriber'>;
}

/** What {@link useHandsFree} renders from. */
export interface HandsFreeSnapshot {
  /** True from `start()` until `stop()`: the microphone and the detector are on. */
  listening: boolean;
  /** True while the detector hears speech. */
  speaking: boolean;
  /** True while a session is open or opening. */
  inSession: boolean;
  /** Sessions opened since `start()`. */
  sessions: number;
  captions: CaptionLog;
  error: EarshotError | Error | undefined;
}

export const IDLE_HANDS_FREE: HandsFreeSnapshot = Object.freeze({
  listening: false, speaking: false, inSession: false, sessions: 0, captions: EMPTY_LOG, error: undefined,
});

const noop = (): void => undefined;

/** One component's hands-free listener: at most one at a time; `stop()` ends it and releases the microphone. */
export class HandsFreeStore extends ExternalStore<HandsFreeSnapshot> {
  #current: HandsFree | undefined;
  #queue: Promise<void> = Promise.resolve();
  #request = 0;

  constructor() {
    super(IDLE_HANDS_FREE);
  }

  get handsFree(): HandsFree | undefined {
    return this.#current;
  }

  /** Loads the detector and opens the microphone; sessions open when someone speaks. Never rejects (see `error`). */
  start(options: UseHandsFreeOptions): Promise<void> {
    const request = ++this.#request;
    const started = this.#queue.then(() => (request === this.#request && !this.#current ? this.#open(options) : undefined));
    this.#queue = started.then(noop, noop);
    return started;
  }

  /** Ends any session, frees the detector and releases the microphone. */
  stop(): Promise<void> {
    this.#request++;
    const hf = this.#current;
    this.#current = undefined;
    this.#queue = this.#queue.then(() => hf?.stop()).then(noop, noop);
    this.update({ listening: false, speaking: false });
    return this.#queue;
  }

  async #open(options: UseHandsFreeOptions): Promise<void> {
    const { handsFree: hfOptions, ...transcriberOptions } = options;
    let hf: HandsFree;
    try {
      hf = new HandsFree({ ...hfOptions, transcriber: new Transcriber(transcriberOptions) });
    } catch (err) {
      this.update({ error: err instanceof Error ? err : new UsageError('invalid_state', String(err)) });
      return;
    }
    this.#current = hf;
    const mine = () => this.#current === hf;
    const captions = () => this.getSnapshot().captions;
    const t = hf.transcriber;
    t.on('partial', (turn) => mine() && this.update({ captions: applyPartial(captions(), turn) }));
    t.on('final', (turn) => mine() && this.update({ captions: applyFinal(captions(), turn) }));
    t.on('error', (error) => mine() && this.update({ error }));
    t.on('state', (state) => {
      if (!mine()) return;
      if (state === 'connecting') this.update({ inSession: true, captions: newSession(captions()) });
      if (state === 'closed') this.update({ inSession: false, captions: endSession(captions()) });
    });
    hf.on('speechStart', () => mine() && this.update({ speaking: true }));
    hf.on('speechEnd', () => mine() && this.update({ speaking: false }));
    hf.on('vadMisfire', () => mine() && this.update({ speaking: false }));
    hf.on('sessionStart', () => mine() && this.update({ sessions: hf.sessions }));
    hf.on('error', (error) => mine() && this.update({ error }));
    this.update({ error: undefined, sessions: 0, listening: true });
    try {
      await hf.start();
    } catch (err) {
      if (mine()) {
        this.#current = undefined;
        this.update({ listening: false, error: err instanceof Error ? err : new UsageError('invalid_state', String(err)) });
      }
    }
  }
}
