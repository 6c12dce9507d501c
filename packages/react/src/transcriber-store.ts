import { EarshotError, Transcriber, UsageError, type SessionState, type TranscriberOptions } from '@earshot/client';
import { applyFinal, applyPartial, EMPTY_LOG, endSession, newSession, type CaptionLog } from './caption-log.js';
import { ExternalStore } from './external-store.js';

/** What {@link useTranscriber} renders from. Replaced (never mutated) on every change. */
export interface TranscriberSnapshot {
  /** The session's state; `idle` before the first start. */
  state: SessionState;
  /** Finals and partial of every session since the last `clear()`. */
  captions: CaptionLog;
  /** The input level of the latest 50 ms frame, RMS from 0 to 1; 0 whenever no session runs. */
  level: number;
  /** The last error (a failed start, or one reported during a session); cleared by the next `start()`. */
  error: EarshotError | undefined;
}

export const INITIAL_SNAPSHOT: TranscriberSnapshot = Object.freeze({ state: 'idle', captions: EMPTY_LOG, level: 0, error: undefined });

const LIVE: ReadonlySet<SessionState> = new Set(['connecting', 'open', 'reconnecting', 'closing']);
const noop = (): void => undefined;
/**
 * Every stop still releasing its microphone, across components: a component that mounts as another unmounts
 * (a fast remount, a route change) starts only after the old session has ended, so two never overlap.
 */
let releasing: Promise<void> = Promise.resolve();

function asEarshotError(err: unknown): EarshotError {
  if (err instanceof EarshotError) return err;
  return new UsageError('invalid_state', (err as Error)?.message ?? String(err), { cause: err });
}

/**
 * One component's sessions, one at a time: `start()` while a session runs does nothing; `start()` right after
 * `stop()` waits until the previous session has released the microphone; `stop()` cancels a start that is
 * still waiting or connecting. A new {@link Transcriber} is made for each session from the options given to
 * `start()`, so options may change between sessions without restarting one.
 */
export class TranscriberStore extends ExternalStore<TranscriberSnapshot> {
  #current: Transcriber | undefined;
  #started: Promise<void> = Promise.resolve();
  /** Settles when every earlier start/stop has done its part (the microphone is released after a stop). */
  #queue: Promise<void> = Promise.resolve();
  /** Bumped by every start and stop: a queued start that is no longer the latest request does nothing. */
  #request = 0;

  constructor() {
    super(INITIAL_SNAPSHOT);
  }

  /** The Transcriber of the current (or last) session, for what the snapshot does not carry. */
  get transcriber(): Transcriber | undefined {
    return this.#current;
  }

  /** Starts a session unless one runs. Resolves when it is open or has failed (see `error`); never rejects. */
  start(options: TranscriberOptions): Promise<void> {
    const request = ++this.#request;
    const opened = Promise.all([this.#queue, releasing]).then(() => (request === this.#request ? this.#open(options) : undefined));
    this.#queue = opened.then(noop, noop);
    return opened.then((o) => o?.started);
  }

  /** Ends the session (or cancels a start) and releases the microphone. Never rejects. */
  stop(): Promise<void> {
    this.#request++;
    const stopping = this.#current?.stop().then(noop, noop);
    this.#queue = Promise.all([this.#queue, stopping]).then(noop);
    if (stopping) releasing = Promise.all([releasing, stopping]).then(noop);
    return this.#queue;
  }

  pause(options?: { releaseMicrophone?: boolean }): Promise<void> {
    return this.#current?.pause(options).catch((err: unknown) => this.update({ error: asEarshotError(err) })) ?? Promise.resolve();
  }

  resume(): Promise<void> {
    return this.#current?.resume().catch((err: unknown) => this.update({ error: asEarshotError(err) })) ?? Promise.resolve();
  }

  /** Forgets the captions shown so far. */
  clear(): void {
    const { captions } = this.getSnapshot();
    this.update({ captions: { ...EMPTY_LOG, partial: captions.partial, transcript: captions.partial?.transcript ?? '' } });
  }

  #open(options: TranscriberOptions): { started: Promise<void> } {
    if (this.#current && LIVE.has(this.#current.state)) return { started: this.#started };
    let t: Transcriber;
    try {
      t = new Transcriber(options);
    } catch (err) {
      this.update({ error: asEarshotError(err) });
      return { started: Promise.resolve() };
    }
    this.#current = t;
    const mine = () => this.#current === t;
    const captions = () => this.getSnapshot().captions;
    t.on('state', (state) => mine() && this.update(LIVE.has(state) ? { state } : { state, level: 0, captions: endSession(captions()) }));
    t.on('partial', (turn) => mine() && this.update({ captions: applyPartial(captions(), turn) }));
    t.on('final', (turn) => mine() && this.update({ captions: applyFinal(captions(), turn) }));
    t.on('level', ({ rms }) => mine() && this.update({ level: rms }));
    t.on('error', (error) => mine() && this.update({ error }));
    t.on('close', ({ error }) => mine() && this.update({ level: 0, ...(error ? { error } : {}) }));
    this.update({ error: undefined, captions: newSession(captions()) });
    this.#started = t.start().then(noop, (err: unknown) => {
      const error = asEarshotError(err);
      // A start cancelled by stop() is what the user asked for, not an error to show.
      if (mine()) this.update({ level: 0, state: t.state, ...(error.code === 'aborted' ? {} : { error }) });
    });
    return { started: this.#started };
  }
}
