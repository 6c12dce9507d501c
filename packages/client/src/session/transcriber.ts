import { UsageError, type EarshotError } from '../errors.js';
import { toUpdateConfiguration, type UpdatableParams } from '../protocol/connection-params.js';
import { resolveStreamingUrl } from '../protocol/endpoints.js';
import type { BeginMessage, ServerMessage, TerminationMessage } from '../protocol/messages.js';
import { clip } from '../protocol/parse-message.js';
import { MicrophoneSource } from '../audio/microphone-source.js';
import { audioSender, type AudioSender } from './audio-sender.js';
import { SessionCapture } from './session-capture.js';
import { attemptSession } from './attempt.js';
import { aborted } from './deadline.js';
import { connectWithRetry } from './connect-with-retry.js';
import type { SessionState, TranscriberEvents } from './events.js';
import { EventSurface, type Emit } from './event-surface.js';
import { resolveOptions, type PauseOptions, type ResolvedOptions, type StartOptions, type TranscriberOptions } from './options.js';
import type { ServiceConnection } from './service-connection.js';
import { sessionTimeline } from './session-timeline.js';
import { checkTokenSource } from './token-source.js';
import { whilePaused } from './while-paused.js';

export type { TranscriberOptions, StartOptions, PauseOptions } from './options.js';
export type { ReconnectOptions, ReconnectPolicy, ReconnectContext } from './reconnect-policy.js';

/** Reports local voice activity on a Transcriber (what `@earshot/vad` uses); times in ms on its audio clock. */
export interface VoiceActivitySink {
  speechStart(event: TranscriberEvents['speechStart'][0]): void;
  speechEnd(event: TranscriberEvents['speechEnd'][0]): void;
  misfire(): void;
}

/**
 * The event a service message is passed on as (Turn and Warning are handled on their own): its type with the
 * leading capitals lowered — `SpeechStarted` → `speechStarted`, `LLMGatewayResponse` → `llmGatewayResponse`.
 */
const eventOf = (type: string): keyof TranscriberEvents => type.replace(/^[A-Z]+(?=[A-Z][a-z])|^./, (c) => c.toLowerCase()) as keyof TranscriberEvents;

/**
 * One session, from connect() to its end. Work begun for a session (a stop() waiting on capture, a start-up that
 * failed, a reconnect) checks, after every await and every emit, that its session is still the current one and
 * not stopped: a later start() makes a new one, which nothing of the old may end or feed.
 */
interface Run {
  stopped: boolean;
  stopping?: Promise<TerminationMessage | undefined>;
  /** The service ended the session while stop() was under way: [code, reason, error], what `close` then says. */
  failed?: [number, string, EarshotError];
}

/**
 * One live-transcription session to the v3 service — across as many connections as drops need: fetches a token,
 * opens the socket, sends PCM audio re-chunked into legal messages, reconnects with replay, and emits typed
 * events. The orchestrator: the state machine and the wiring of its collaborators.
 *
 * @example
 * const t = new Transcriber({ token: '/api/token' });
 * t.on('final', (turn) => console.log(turn.transcript));
 * await t.start();
 * await t.stop();
 */
export class Transcriber extends EventSurface<TranscriberEvents> {
  readonly #o: ResolvedOptions;
  readonly #baseUrl: string;
  readonly #emit: Emit<TranscriberEvents>;
  readonly #sender: AudioSender;
  readonly #capture: SessionCapture;
  /** Settles once capture runs (or failed): no socket before it, so a silent session is never billed. */
  #audioGate: Promise<unknown> | undefined;
  readonly #timeline = sessionTimeline();
  readonly #failures = { count: 0 };
  #state: SessionState = 'idle';
  #conn: ServiceConnection | undefined;
  #begin: BeginMessage | undefined;
  #abort: AbortController | undefined;
  #run: Run = { stopped: false };
  #healthyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cancels what a pause set up for the inactivity timeout (see `whilePaused`). */
  #unpause: (() => void) | undefined;
  /** The source of a session that ended while paused: resume() starts it again. */
  #lastSource: StartOptions['source'];
  /** Audio (ms) the latest connection was given again first. */
  #replayedMs = 0;

  constructor(options: TranscriberOptions) {
    let emit!: Emit<TranscriberEvents>;
    super((e) => (emit = e));
    this.#emit = emit;
    checkTokenSource(options?.token);
    const o = (this.#o = resolveOptions(options));
    this.#baseUrl = resolveStreamingUrl(options);
    this.#sender = audioSender({
      ...o, replayWindowMs: o.policy ? o.replayWindowMs : 0,
      onDropped: (ms) => this.#emit('error', new UsageError('audio_dropped', `${ms} ms of the oldest audio dropped: over maxBufferedMs`)),
      onBackpressure: (n) => this.#emit('warning', { code: 'backpressure', message: `Slow connection: ${n} bytes unsent; holding audio up to maxBufferedMs` }),
    });
    this.#capture = new SessionCapture(this, o, emit, this.#sender);
  }

  /** For local voice activity detectors (`@earshot/vad`): emits `speechStart`, `speechEnd` and `vadMisfire` here. */
  voiceActivity(): VoiceActivitySink {
    return {
      speechStart: (event) => this.#emit('speechStart', event),
      speechEnd: (event) => this.#emit('speechEnd', event),
      misfire: () => this.#emit('vadMisfire'),
    };
  }

  /** The current {@link SessionState}. */
  get state(): SessionState {
    return this.#state;
  }

  /** The service's session id once `Begin` arrived. */
  get sessionId(): string | undefined {
    return this.#begin?.id;
  }

  /** The running transcript: finished turns and the current partial, replaced by `turn_order`, never appended. */
  get transcript(): string {
    return this.#timeline.text;
  }

  /** Position (ms) of the newest audio on the session's audio clock: what was sent plus what waits. */
  get audioClockMs(): number {
    return this.#sender.clockMs;
  }

  /** Milliseconds of audio held by Earshot, waiting to be sent (bounded by `maxBufferedMs`). */
  get bufferedAudioMs(): number {
    return this.#sender.bufferedMs;
  }

  /** True between pause() and resume(). */
  get isPaused(): boolean {
    return this.#capture.isPaused || (this.#state === 'closed' && this.#lastSource !== undefined);
  }

  /** True while muted. */
  get isMuted(): boolean {
    return this.#capture.isMuted;
  }

  /** The source `start()` is capturing from, while it runs. */
  get audioSource(): StartOptions['source'] {
    return this.#capture.source;
  }

  /**
   * Captures audio (the microphone by default) and transcribes it: fetches the token while capture loads the worklet
   * and then opens the microphone; audio captured before `Begin` is held and sent right after it. Rejects if any
   * part fails — and then leaves no microphone on and no session open.
   */
  async start(options: StartOptions = {}): Promise<BeginMessage> {
    this.#checkIdle('start');
    if (this.#o.wire.encoding !== 'pcm_s16le') throw new UsageError('invalid_state', 'start() captures PCM16: use encoding pcm_s16le');
    // Nothing is awaited before connect() claims the state: a second start() in this tick is then refused, and
    // its failure cannot stop this one.
    // This session's run: connect() makes it, below (the callback runs once the earlier capture is released).
    let run!: Run;
    // A stop() before the earlier capture is released (or this session already over) means no capture at all.
    const capturing = this.#capture.start(options.source ?? new MicrophoneSource(this.#o.microphone), () => this.#over(run));
    // The socket waits for capture, and is never opened when capture failed.
    this.#audioGate = capturing;
    const connecting = this.connect(options);
    run = this.#run;
    try {
      return (await Promise.all([connecting, capturing]))[0];
    } catch (err) {
      // Whichever side failed, undo the other: no microphone left on, no session left open — this session's
      // only: a listener may have started the next one by now.
      connecting.catch(() => undefined);
      capturing.catch(() => undefined);
      if (run === this.#run) {
        this.#audioGate = undefined;
        await this.stop();
      }
      throw err;
    }
  }

  /** Stops sending audio while the session stays open (kept alive or ended as `whilePaused` says). */
  async pause(options: PauseOptions = {}): Promise<void> {
    const capture = this.#capture;
    // A session stopped or over (its capture still being released) has nothing to pause: a timer set now would
    // outlive it and act on the next session.
    if (!capture.active || capture.isPaused || this.#run.stopped || this.#state === 'closed') return;
    const paused = capture.pause(options.releaseMicrophone);
    // The service's inactivity timeout runs once a session is open: a pause during start-up (or a reconnect) is
    // timed from the Begin (#onBegin), or a slow permission prompt would end a session that never began.
    if (this.#state === 'open') this.#timePause();
    await paused;
  }

  /** Times the pause against the service's inactivity timeout, as `whilePaused` says. */
  #timePause(): void {
    const capture = this.#capture;
    this.#unpause?.();
    // A timer: it must never throw, so KeepAlive goes only on a socket still open (not one already closing).
    this.#unpause = whilePaused(this.#o.wire.inactivityTimeout, this.#o.whilePaused, () => this.#state === 'open' && this.#conn?.isOpen && this.keepAlive(), () => {
      // Not the app's stop(): the session ends while paused, and resume() starts a new one.
      this.#lastSource = capture.source;
      void this.#stopRun();
    });
  }

  /** Sends audio again: in the same session if it is still open, else in a new one. */
  async resume(): Promise<void> {
    this.#unpause?.();
    const source = this.#lastSource;
    if (source) {
      // The session ended while paused (or is ending: a whilePaused 'stop'): a new one, once the old is closed.
      await this.#run.stopping;
      // The app's stop() meanwhile (it forgets the source) was the user's last word: no new session after it.
      if (this.#lastSource !== source) throw aborted();
      if (this.#state === 'idle' || this.#state === 'closed') return void (await this.start({ source }));
    }
    // Also when not paused: resumes an AudioContext the browser suspended (see SessionCapture.resume).
    await this.#capture.resume();
  }

  /** Sends silence instead of the microphone's audio (the session's clock and inactivity timer go on). */
  mute(): void {
    this.#capture.setMuted(true);
  }

  unmute(): void {
    this.#capture.setMuted(false);
  }

  /**
   * Fetches a fresh token, opens the socket and resolves with `Begin`. Rejects with an {@link EarshotError} on
   * anything before `Begin` (token failure, auth or parameter error, close, timeout, abort), after the retries
   * the `reconnect` policy allows for retriable failures.
   */
  async connect(options: { signal?: AbortSignal } = {}): Promise<BeginMessage> {
    this.#checkIdle('connect');
    const run: Run = (this.#run = { stopped: false });
    this.#lastSource = undefined;
    this.#begin = undefined;
    this.#timeline.reset();
    this.#failures.count = 0;
    // Made before 'connecting' is emitted: a listener's stop() then cancels this very connect.
    const abort = (this.#abort = new AbortController());
    this.#setState('connecting');
    // Leaving the page: tell the service at once (best effort) so the session stops being billed.
    (globalThis as { addEventListener?: EventTarget['addEventListener'] }).addEventListener?.('pagehide', this.#onPageHide);
    const outer = options.signal;
    const onOuterAbort = () => abort.abort();
    if (outer?.aborted) abort.abort();
    outer?.addEventListener('abort', onOuterAbort);
    try {
      return await this.#connectWithRetry(abort.signal);
    } catch (err) {
      if (run === this.#run && this.#state === 'connecting') this.#end(1000, 'Connect failed');
      throw err;
    } finally {
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }

  /**
   * Queues PCM audio (mono, at `sampleRate`) for sending: `Int16Array` for PCM16, any `ArrayBuffer` or byte
   * view otherwise. Re-chunked into `chunkMs` messages and held until `Begin`; nothing is reordered. Throws a
   * {@link UsageError} after `stop()` or after the session ended, and for floats.
   */
  sendAudio(audio: Int16Array | ArrayBuffer | ArrayBufferView): void {
    if (this.#run.stopped || this.#state === 'closed') throw new UsageError('invalid_state', 'sendAudio() after stop() or the end: connect() first');
    this.#sender.push(audio);
  }

  /** Changes settings mid-session (spec §6.2); applies to audio processed afterwards. */
  updateConfiguration(update: UpdatableParams): void {
    this.#sendJson(toUpdateConfiguration(update), 'updateConfiguration');
  }

  /** Ends the current turn now; its final follows shortly (spec §6.3). */
  forceEndpoint(): void {
    this.#sendJson({ type: 'ForceEndpoint' }, 'forceEndpoint');
  }

  /** Resets the service's inactivity timer when no audio flows (spec §6.4). */
  keepAlive(): void {
    this.#sendJson({ type: 'KeepAlive' }, 'keepAlive');
  }

  /**
   * Ends the session: stops capture, sends the audio still queued, then `Terminate`, waits for `Termination` and
   * for the socket to close (each at most `stopTimeoutMs`). Resolves with the Termination, or undefined if none
   * came; only once the socket is closed. During `connecting` it cancels (`connect()` rejects with `aborted`).
   * Ends the paused state too: after it `isPaused` is false and resume() starts no new session. Never rejects.
   */
  stop(): Promise<TerminationMessage | undefined> {
    // The app is done: a session that ended while paused is no longer paused, and resume() starts nothing.
    this.#lastSource = undefined;
    return this.#stopRun();
  }

  #stopRun(): Promise<TerminationMessage | undefined> {
    const run = this.#run;
    run.stopped = true;
    return (run.stopping ??= this.#shutdown(run));
  }

  async #shutdown(run: Run): Promise<TerminationMessage | undefined> {
    this.#abort?.abort();
    if (this.#state === 'open') this.#setState('closing');
    // Stop capture first: the source delivers its last partial frame, which is sent before Terminate.
    await this.#releaseCapture();
    // That session ended meanwhile (start-up cancelled) and a new one may have begun: not ours to end.
    if (run !== this.#run) return undefined;
    const conn = this.#conn;
    let termination: TerminationMessage | undefined;
    let reason = 'Stopped';
    // Still open once capture is released (the service may have ended it meanwhile): the queued audio, then Terminate.
    if (this.#state === 'closing' && conn) {
      const timeoutMs = this.#o.stopTimeoutMs;
      const unsentMs = await this.#sender.drain(timeoutMs);
      if (unsentMs && !run.failed) {
        this.#emit('error', new UsageError('audio_dropped', `${unsentMs} ms of audio unsent: the connection took none for stopTimeoutMs`));
        this.#sender.reset(); // reported: not again at the end
      }
      termination = await conn.terminate(timeoutMs);
      reason = termination ? 'Session Ended' : 'Termination timed out';
    }
    // The service failed the session while it stopped (before Terminate or instead of answering it): that is why
    // it ended, with its code — whichever way this stop went.
    const failed = run.failed;
    if (failed) {
      this.#emit('error', failed[2]);
      this.#end(...failed);
    } else this.#end(1000, reason);
    return termination;
  }

  /** The one connect-with-retry path: the first connection (no `cause`) and after every drop. */
  #connectWithRetry(signal: AbortSignal, cause?: EarshotError): Promise<BeginMessage> {
    return connectWithRetry({
      // The gate is read when each attempt starts: start() sets it before it connects.
      attempt: (s) => attemptSession(this.#o, this.#baseUrl, this.#audioGate, s, (conn) => ({
        begin: (begin) => this.#onBegin(conn, begin),
        message: (message, raw) => conn === this.#conn && this.#onMessage(message, raw),
        warning: (warning) => this.#emit('warning', warning),
        closed: (code, reason, error) => conn === this.#conn && this.#onDrop(code, reason, error),
      })),
      policy: this.#o.policy,
      signal,
      failures: this.#failures,
      onRetry: (info) => this.#emit('reconnecting', info),
    }, cause);
  }

  #onBegin(conn: ServiceConnection, begin: BeginMessage): void {
    this.#conn = conn;
    this.#begin = begin;
    const { startMs, replayedMs } = this.#sender.attach(conn);
    this.#timeline.begin(startMs);
    this.#replayedMs = replayedMs;
    this.#healthyTimer = setTimeout(() => (this.#failures.count = 0), this.#o.healthyAfterMs);
    this.#setState('open');
    if (this.#capture.isPaused) this.#timePause();
    this.#emit('begin', begin);
  }

  #onMessage(message: ServerMessage, raw: string): void {
    const m = this.#timeline.toApp(message);
    if (m.type === 'Warning') return this.#emit('warning', { code: 'service_warning', message: m.warning, raw: clip(raw), warning: m });
    if (m.type !== 'Turn') return this.#emit(eventOf(m.type), m as never);
    const kept = this.#timeline.record(m);
    this.#emit('turn', m);
    if (!m.end_of_turn) return this.#emit('partial', m);
    if (!kept) return;
    // A final: the service is done with the audio up to its end (never replayed), and the session is healthy.
    this.#sender.release(this.#timeline.finishedMs);
    this.#failures.count = 0;
    this.#emit('final', m);
  }

  /** The connection ended without stop(): reconnect if it can help, else end the session for good. */
  #onDrop(code: number, reason: string, error: EarshotError | undefined): void {
    this.#conn = undefined;
    clearTimeout(this.#healthyTimer);
    this.#sender.detach();
    const run = this.#run;
    // stop() is under way and ends it: with this error, if the service failed the session meanwhile.
    if (this.#state === 'closing') return void (error && (run.failed = [code, reason, error]));
    if (!error?.retriable || !this.#o.policy || run.stopped) {
      if (error) this.#emit('error', error);
      return this.#end(code, reason, error);
    }
    // Made before 'reconnecting' is emitted: a listener's stop() then cancels this very reconnect.
    const abort = (this.#abort = new AbortController());
    this.#setState('reconnecting');
    this.#connectWithRetry(abort.signal, error).then(
      (begin) => this.#over(run) || this.#emit('reconnected', { attempt: this.#failures.count, begin, replayedMs: this.#replayedMs }),
      (err: EarshotError) => {
        if (abort.signal.aborted) return;
        this.#emit('error', err);
        this.#end(err.closeCode ?? 1006, 'Gave up reconnecting', err);
      },
    );
  }

  /** The session is over for good: nothing of it survives — socket, timers, audio, capture — and `close` says why. */
  #end(code: number, reason: string, error?: EarshotError): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    const announce = this.#state !== 'connecting';
    this.#abort?.abort();
    this.#abort = undefined;
    this.#conn?.close();
    this.#conn = undefined;
    clearTimeout(this.#healthyTimer);
    this.#unpause?.();
    // Ended while paused: resume() starts a new session with the same source (README).
    if (this.#capture.isPaused) this.#lastSource = this.#capture.source;
    // Audio never sent (or held to be sent again after a drop) is lost with the session: never silently. An end
    // with an error, or before Begin (start()/connect() reject), already says so.
    const lostMs = this.#sender.reset();
    if (lostMs && announce && !error) this.#emit('error', new UsageError('audio_dropped', `${lostMs} ms of the latest audio never transcribed: the session ended first`));
    (globalThis as { removeEventListener?: EventTarget['removeEventListener'] }).removeEventListener?.('pagehide', this.#onPageHide);
    void this.#releaseCapture();
    // `error` and `sessionId` are absent, not undefined, when there is none (`'error' in event` means an error).
    // Made before 'closed' is emitted: a listener may start the next session, which must not lend it its fields.
    const event: TranscriberEvents['close'][0] = { code, reason };
    if (error) event.error = error;
    if (this.#begin) event.sessionId = this.#begin.id;
    this.#setState('closed');
    if (announce) this.#emit('close', event);
  }

  /** Releases capture; a failure found once the session is over goes to the host: nothing follows `close`. */
  #releaseCapture(): Promise<void> {
    const run = this.#run;
    return this.#capture.release(() => run !== this.#run || this.#state === 'closed');
  }

  /** `run` is no longer the session under way: a later one replaced it, or it was stopped. */
  #over(run: Run): boolean {
    return run !== this.#run || run.stopped;
  }

  #onPageHide = (): void => this.#conn?.sendTerminate();

  #sendJson(body: Record<string, unknown>, what: string): void {
    this.#refuse(this.#state !== 'open' || !this.#conn?.isOpen, what, 'needs an open session');
    this.#conn!.sendJson(body);
  }

  #checkIdle(what: string): void {
    this.#refuse(this.#state !== 'idle' && this.#state !== 'closed', what, 'call stop() first');
  }

  #refuse(wrong: boolean, what: string, fix: string): void {
    if (wrong) throw new UsageError('invalid_state', `${what}() while ${this.#state}: ${fix}`);
  }

  #setState(next: SessionState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.#capture.expectFrames();
    this.#emit('state', next, previous);
  }
}
