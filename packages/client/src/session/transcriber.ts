import {
  EarshotError,
  NetworkError,
  ProtocolError,
  UsageError,
} from '../errors.js';
import { errorFromService } from '../protocol/close-codes.js';
import {
  PARAM_DEFAULTS,
  toUpdateConfiguration,
  type StreamingParams,
  type UpdatableParams,
} from '../protocol/connection-params.js';
import { buildSessionUrl, redactUrl, resolveStreamingUrl, type Region } from '../protocol/endpoints.js';
import type { BeginMessage, ErrorMessage, ServerMessage, TerminationMessage, TurnMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/parse-message.js';
import type { AudioFrame, AudioSource } from '../audio/audio-source.js';
import { MicrophoneSource, type MicrophoneOptions } from '../audio/microphone-source.js';
import { AudioOutbox } from './audio-outbox.js';
import type { SessionState, TranscriberEvents } from './events.js';
import { SafeEmitter } from './safe-emitter.js';
import { checkTokenSource, fetchToken, type TokenSource } from './token-source.js';
import { TurnTracker } from './turn-tracker.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/** Options of a {@link Transcriber}: where tokens come from, where to connect, and every v3 parameter. */
export interface TranscriberOptions extends StreamingParams {
  /** The app's token endpoint URL, `{ url, init }`, or an async function. Fetched fresh for every connection. */
  token: TokenSource;
  /** WebSocket URL; `ws:` allowed for local servers such as the emulator. Default: the `region`'s host. */
  url?: string;
  /** `edge` (default, nearest region), `us` or `eu`. Ignored when `url` is given. */
  region?: Region;
  /** WebSocket constructor. Default `globalThis.WebSocket`; pass the `ws` package's in Node. */
  WebSocket?: WebSocketConstructor;
  /** Milliseconds of audio per message, 50–1000. Default 50 (the service's recommendation). */
  chunkMs?: number;
  /** Milliseconds to wait for the token. Default 10 000. */
  tokenTimeoutMs?: number;
  /** Milliseconds from opening the socket until `Begin`. Default 10 000 (the service takes ~1.3 s). */
  connectTimeoutMs?: number;
  /** Milliseconds `stop()` waits for `Termination` before closing anyway. Default 5 000. */
  stopTimeoutMs?: number;
  /** Milliseconds of audio held while not connected (before `Begin`); past it the oldest is dropped with an `error`. Default 10 000. */
  maxBufferedMs?: number;
  /** How far (ms) sending may run ahead of real time; audio given faster is paced out. Default 5 000. */
  maxLeadMs?: number;
  /** Microphone used by `start()` when no source is given: device, constraints, AudioContext, workletUrl. */
  microphone?: MicrophoneOptions;
  /** Reconnect after a retriable failure once a session is open. Default on; `false` turns it off. */
  reconnect?: false | ReconnectOptions;
  /** Sent audio kept for replay after a drop (everything after the last final, at most this much). Default 15 000 ms. */
  replayWindowMs?: number;
  /** Socket send-buffer level (bytes) above which audio waits in Earshot's own bounded buffer. Default 64 KiB (~2 s). */
  highWaterBytes?: number;
  /**
   * With `inactivityTimeout` set, what a pause does to the session: `'keepAlive'` (default) sends KeepAlive so it
   * stays open; `'stop'` ends it cleanly (Terminate) just before the service would; `resume()` then starts anew.
   */
  whilePaused?: 'keepAlive' | 'stop';
}

/** Options of {@link Transcriber.pause}. */
export interface PauseOptions {
  /** Also release the microphone (the browser's indicator goes off); `resume()` opens it again. Default false. */
  releaseMicrophone?: boolean;
}

/** How {@link Transcriber} reconnects. */
export interface ReconnectOptions {
  /** Attempts before giving up with the last error (for the first connection and after a drop). Default 4. */
  maxAttempts?: number;
  /** First delay; doubled each attempt, with jitter. Default 500 ms (5 s when rate-limited). */
  baseDelayMs?: number;
  /** Longest delay. Default 10 000 ms. */
  maxDelayMs?: number;
}

/** Options of {@link Transcriber.start}. */
export interface StartOptions {
  /** Where audio comes from. Default: the microphone, with the `microphone` options. */
  source?: AudioSource;
  /** Cancels starting. */
  signal?: AbortSignal;
}

const MIN_CHUNK_MS = 50;
const MAX_CHUNK_MS = 1000;
/** The service closes with 1009 above 128 KB per message (§7). */
const MAX_MESSAGE_BYTES = 128 * 1024;
/** After an Error frame the close follows at once (§5.5); this bounds the wait if it does not. */
const ERROR_CLOSE_GRACE_MS = 1000;

/**
 * One live-transcription connection to the v3 service at a time: fetches a token, opens the socket, sends
 * PCM audio re-chunked into legal messages, and emits typed events.
 *
 * @example
 * const t = new Transcriber({ token: '/api/token' });
 * t.on('final', (turn) => console.log(turn.transcript));
 * await t.connect();
 * t.sendAudio(pcm16);
 * await t.stop();
 */
export class Transcriber extends SafeEmitter<TranscriberEvents> {
  readonly #options: TranscriberOptions;
  readonly #baseUrl: string;
  readonly #params: StreamingParams;
  readonly #outbox: AudioOutbox;
  readonly #bytesPerMs: number;
  readonly #padByte: number;
  readonly #turns = new TurnTracker();

  #currentState: SessionState = 'idle';
  /** Reconnect attempt in progress (0 when not reconnecting). */
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The app's view across reconnects: turn numbers and the audio clock (ms) continue from these. */
  #turnOffset = 0;
  #nextTurnOrder = 0;
  #clockOffsetMs = 0;
  #backpressureWarned = false;
  #paused = false;
  #released = false;
  #pauseTimer: ReturnType<typeof setInterval> | undefined;
  #lastSource: AudioSource | undefined;
  #replayedMs = 0;
  #droppedBytes = 0;
  #dropTimer: ReturnType<typeof setTimeout> | undefined;
  #source: AudioSource | undefined;
  #muted = false;
  #ws: WebSocketLike | undefined;
  #beginMessage: BeginMessage | undefined;
  #errorFrame: ErrorMessage | undefined;
  #stopped = false;
  #connectAbort: AbortController | undefined;
  #connectWaiter: { resolve(b: BeginMessage): void; reject(e: EarshotError): void } | undefined;
  #stopPromise: Promise<TerminationMessage | undefined> | undefined;
  #terminationWaiter: ((t: TerminationMessage | undefined) => void) | undefined;
  #drainWaiter: (() => void) | undefined;
  #sendClockStart = 0;
  #sentBytesSinceBegin = 0;
  #pumpTimer: ReturnType<typeof setTimeout> | undefined;
  #errorCloseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: TranscriberOptions) {
    super();
    checkTokenSource(options?.token);
    this.#options = options;
    this.#baseUrl = resolveStreamingUrl(options);
    const { token: _t, url: _u, region: _r, WebSocket: _w, chunkMs: _c, tokenTimeoutMs: _tt, connectTimeoutMs: _ct,
      stopTimeoutMs: _st, maxBufferedMs: _mb, maxLeadMs: _ml, ...params } = options;
    this.#params = { ...PARAM_DEFAULTS, ...params };

    const rate = this.#params.sampleRate!;
    if (!Number.isInteger(rate) || rate < 8000 || rate > 96000) {
      throw new UsageError('invalid_state', `sampleRate must be an integer from 8000 to 96000 (got ${rate})`);
    }
    const chunkMs = options.chunkMs ?? MIN_CHUNK_MS;
    if (!(chunkMs >= MIN_CHUNK_MS && chunkMs <= MAX_CHUNK_MS)) {
      throw new UsageError('invalid_state', `chunkMs must be from 50 to 1000 (got ${chunkMs})`);
    }
    const encoding = this.#params.encoding!;
    const bytesPerSample = encoding === 'pcm_s16le' ? 2 : encoding === 'pcm_mulaw' ? 1 : 0;
    this.#bytesPerMs = (rate * bytesPerSample) / 1000;
    // μ-law silence is 0xFF; PCM16 silence is 0.
    this.#padByte = encoding === 'pcm_mulaw' ? 0xff : 0;
    const samplesPerChunk = Math.round((rate * chunkMs) / 1000);
    const chunkBytes = Math.min(samplesPerChunk * bytesPerSample, MAX_MESSAGE_BYTES - (MAX_MESSAGE_BYTES % 2));
    const maxBufferedMs = options.maxBufferedMs ?? 10_000;
    const maxBytes = bytesPerSample ? Math.max(chunkBytes, Math.round(maxBufferedMs * this.#bytesPerMs)) : 8 * 1024 * 1024;
    const retainBytes = options.reconnect === false || !bytesPerSample ? 0 : Math.round((options.replayWindowMs ?? 15_000) * this.#bytesPerMs);
    this.#outbox = new AudioOutbox(chunkBytes, maxBytes, retainBytes);
  }

  /** The current {@link SessionState}. */
  get state(): SessionState {
    return this.#currentState;
  }

  /** The service's session id once `Begin` arrived. */
  get sessionId(): string | undefined {
    return this.#beginMessage?.id;
  }

  /** The running transcript: finished turns and the current partial, replaced by `turn_order`, never appended. */
  get transcript(): string {
    return this.#turns.text;
  }

  /**
   * Captures audio (the microphone by default) and transcribes it: fetches the token, opens the microphone and
   * loads the worklet in parallel; audio captured before `Begin` is held and sent right after it, so the first
   * word is never lost. Rejects if any part fails — and then leaves no microphone on and no session open.
   */
  async start(options: StartOptions = {}): Promise<BeginMessage> {
    if (this.#currentState !== 'idle' && this.#currentState !== 'closed') {
      throw new UsageError('invalid_state', `start() while ${this.#currentState}: call stop() first`);
    }
    if (this.#params.encoding !== 'pcm_s16le') throw new UsageError('invalid_state', 'start() captures PCM16: use encoding pcm_s16le');
    const source = options.source ?? new MicrophoneSource(this.#options.microphone);
    this.#source = source;
    this.#lastSource = source;
    this.#paused = false;
    this.#released = false;
    source.setMuted(this.#muted);
    source.ondevicechange = (device) => this.emit('deviceChange', device);
    // No microphone left: pause (the session stays open as configured) and say why.
    source.ondeviceerror = (error) => {
      this.emit('error', error);
      void this.pause();
    };
    const format = { sampleRate: this.#params.sampleRate!, chunkSamples: this.#outbox.chunkBytes / 2 };
    const connecting = this.connect(options.signal ? { signal: options.signal } : {});
    const capturing = source.start(format, this.#frameSink(source));
    try {
      const [begin] = await Promise.all([connecting, capturing]);
      return begin;
    } catch (err) {
      // Whichever side failed, undo the other: no microphone left on, no session left open.
      connecting.catch(() => undefined);
      capturing.catch(() => undefined);
      await this.stop();
      throw err;
    }
  }

  /**
   * Stops sending audio (frames are dropped) while the session stays open — kept alive or ended as
   * `whilePaused` says when `inactivityTimeout` is set. With `releaseMicrophone` the device is closed too.
   */
  async pause(options: PauseOptions = {}): Promise<void> {
    const source = this.#source;
    if (!source || this.#paused) return;
    this.#paused = true;
    if (options.releaseMicrophone) {
      this.#released = true;
      await source.stop();
    } else source.pause();
    const seconds = this.#params.inactivityTimeout;
    if (seconds) {
      if ((this.#options.whilePaused ?? 'keepAlive') === 'keepAlive') {
        this.#pauseTimer = setInterval(() => {
          if (this.#currentState === 'open') this.keepAlive();
        }, (seconds * 1000) / 2);
      } else {
        this.#pauseTimer = setTimeout(() => void this.#endWhilePaused(), Math.max(0, seconds * 1000 - 1500));
      }
    }
  }

  /** Sends audio again: in the same session if it is still open, else in a new one (start() again). */
  async resume(): Promise<void> {
    clearInterval(this.#pauseTimer);
    this.#pauseTimer = undefined;
    const source = this.#source ?? this.#lastSource;
    if (!this.#paused || !source) return;
    this.#paused = false;
    if (this.#currentState === 'idle' || this.#currentState === 'closed') {
      await this.start({ source });
      return;
    }
    if (this.#released) {
      this.#released = false;
      await source.start({ sampleRate: this.#params.sampleRate!, chunkSamples: this.#outbox.chunkBytes / 2 }, this.#frameSink(source));
    } else source.resume();
  }

  /** Position (ms) of the newest audio on the session's audio clock: what was sent plus what waits. */
  get audioClockMs(): number {
    return Math.round((this.#outbox.takenBytes + this.#outbox.bufferedBytes) / (this.#bytesPerMs || 1));
  }

  /** Milliseconds of audio held by Earshot, waiting to be sent (bounded by `maxBufferedMs`). */
  get bufferedAudioMs(): number {
    return Math.round(this.#outbox.bufferedBytes / (this.#bytesPerMs || 1));
  }

  /** True between pause() and resume(). */
  get isPaused(): boolean {
    return this.#paused;
  }

  /** Ends a paused session cleanly before the service's inactivity timeout would; resume() starts a new one. */
  async #endWhilePaused(): Promise<void> {
    const source = this.#source;
    await this.stop();
    this.#lastSource = source;
    this.#paused = true;
  }

  #onPageHide = (): void => {
    const ws = this.#ws;
    if (ws?.readyState === WS_OPEN) ws.send(JSON.stringify({ type: 'Terminate' }));
  };

  #frameSink(source: AudioSource): (frame: AudioFrame) => void {
    return (frame) => this.#onCaptured(source, frame);
  }

  /** Sends silence instead of the microphone's audio (the session's clock and inactivity timer go on). */
  mute(): void {
    this.#muted = true;
    this.#source?.setMuted(true);
  }

  /** Sends the microphone's audio again. */
  unmute(): void {
    this.#muted = false;
    this.#source?.setMuted(false);
  }

  /** True while muted. */
  get isMuted(): boolean {
    return this.#muted;
  }

  /** The source `start()` is capturing from, while it runs. */
  get audioSource(): AudioSource | undefined {
    return this.#source;
  }

  /**
   * Fetches a fresh token, opens the socket and resolves with `Begin`. Rejects with an {@link EarshotError} on
   * anything that happens before `Begin` (token failure, auth or parameter error, close, timeout, abort).
   */
  async connect(options: { signal?: AbortSignal } = {}): Promise<BeginMessage> {
    if (this.#currentState !== 'idle' && this.#currentState !== 'closed') {
      throw new UsageError('invalid_state', `connect() while ${this.#currentState}: call stop() first`);
    }
    this.#stopped = false;
    this.#beginMessage = undefined;
    this.#errorFrame = undefined;
    this.#turns.reset();
    this.#turnOffset = 0;
    this.#nextTurnOrder = 0;
    this.#attempt = 0;
    this.#setState('connecting');
    // Leaving the page: tell the service at once (best effort) so the session stops being billed.
    (globalThis as { addEventListener?: EventTarget['addEventListener'] }).addEventListener?.('pagehide', this.#onPageHide);
    const abort = new AbortController();
    this.#connectAbort = abort;
    const onOuterAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (options.signal?.aborted) abort.abort();
    try {
      // Retriable failures (network, a token endpoint hiccup, 5xx) are tried again with backoff before
      // connect() gives up; anything else rejects at once.
      for (let attempt = 1; ; attempt++) {
        try {
          const token = await fetchToken(this.#options.token, { signal: abort.signal, timeoutMs: this.#options.tokenTimeoutMs });
          if (abort.signal.aborted) throw aborted();
          return await this.#openSocket(token, abort.signal);
        } catch (err) {
          const error = err instanceof EarshotError ? err : new NetworkError('network', `Connect failed: ${(err as Error)?.message ?? err}`, { cause: err, retriable: true });
          this.#dropSocket();
          this.#connectWaiter = undefined;
          const retry = this.#reconnectOptions();
          if (abort.signal.aborted || !error.retriable || !retry || attempt >= retry.maxAttempts) throw error;
          const delayMs = this.#backoff(retry, attempt, error);
          this.emit('reconnecting', { attempt, delayMs, cause: error });
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delayMs);
            abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          });
          if (abort.signal.aborted) throw aborted();
        }
      }
    } catch (err) {
      this.#dropSocket();
      if ((this.#currentState as SessionState) === 'connecting') this.#setState('closed');
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', onOuterAbort);
      this.#connectAbort = undefined;
      this.#connectWaiter = undefined;
    }
  }

  /**
   * Queues PCM audio (mono, at `sampleRate`) for sending: `Int16Array` for PCM16, any `ArrayBuffer` or byte
   * view otherwise. Audio is re-chunked into `chunkMs` messages and held until `Begin`; nothing is reordered.
   */
  sendAudio(audio: Int16Array | ArrayBuffer | ArrayBufferView): void {
    if (this.#stopped) {
      throw new UsageError('invalid_state', `sendAudio() after stop(): connect() again first`);
    }
    let bytes: Uint8Array;
    if (audio instanceof ArrayBuffer) bytes = new Uint8Array(audio);
    else if (audio instanceof Float32Array || audio instanceof Float64Array) {
      throw new UsageError('invalid_state', 'sendAudio() takes PCM16 (Int16Array), not floats');
    } else if (ArrayBuffer.isView(audio)) bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
    else throw new UsageError('invalid_state', `sendAudio() takes an Int16Array or ArrayBuffer (got ${typeof audio})`);
    this.#queue(bytes);
  }

  #queue(bytes: Uint8Array): void {
    const dropped = this.#outbox.push(bytes);
    if (dropped > 0) {
      // Reported at once, then at most once a second with the total, so a long outage is not an error storm.
      this.#droppedBytes += dropped;
      if (!this.#dropTimer) this.#reportDropped();
    }
    this.#pump();
  }

  #reportDropped(): void {
    if (!this.#droppedBytes) {
      this.#dropTimer = undefined;
      return;
    }
    const ms = this.#bytesPerMs ? Math.round(this.#droppedBytes / this.#bytesPerMs) : 0;
    this.#droppedBytes = 0;
    this.emit('error', new UsageError('audio_dropped', `${ms} ms of the oldest audio dropped: over maxBufferedMs waiting to be sent`));
    this.#dropTimer = setTimeout(() => this.#reportDropped(), 1000);
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
   * Ends the session: sends the audio still queued, then `Terminate`, waits for `Termination` (at most
   * `stopTimeoutMs`) and closes the socket. Resolves with the Termination, or undefined if none came. During
   * `connecting` it cancels the connection (`connect()` rejects with `aborted`). Never rejects.
   */
  stop(): Promise<TerminationMessage | undefined> {
    this.#stopped = true;
    this.#stopPromise ??= this.#shutdown().finally(() => {
      this.#stopPromise = undefined;
    });
    return this.#stopPromise;
  }

  protected override onListenerError(event: string, error: unknown): void {
    if (event === 'error') {
      super.onListenerError(event, error);
      return;
    }
    const message = `A "${event}" listener threw: ${(error as Error)?.message ?? error}`;
    this.emit('error', new UsageError('listener_threw', message, { cause: error }));
  }

  async #shutdown(): Promise<TerminationMessage | undefined> {
    if (this.#currentState === 'connecting' || this.#currentState === 'reconnecting') this.#connectAbort?.abort();
    if (this.#currentState === 'reconnecting') {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = undefined;
      this.#dropSocket();
      this.#finish(1000, 'Stopped while reconnecting');
    }
    // Stop capture first: the source delivers its last partial frame, which is sent before Terminate.
    const source = this.#source;
    this.#source = undefined;
    if (source) {
      try {
        await source.stop();
      } catch (cause) {
        this.emit('error', new UsageError('invalid_state', `Stopping the audio source failed: ${(cause as Error)?.message ?? cause}`, { cause }));
      }
    }
    if (this.#currentState !== 'open') {
      this.#outbox.reset();
      return undefined;
    }
    this.#setState('closing');
    return this.#terminate();
  }

  #onCaptured(source: AudioSource, frame: AudioFrame): void {
    if (source !== this.#source && !this.#stopPromise) return;
    this.emit('level', { rms: frame.rms, peak: frame.peak });
    this.#queue(new Uint8Array(frame.pcm.buffer, frame.pcm.byteOffset, frame.pcm.byteLength));
  }

  async #terminate(): Promise<TerminationMessage | undefined> {
    const stopTimeoutMs = this.#options.stopTimeoutMs ?? 5000;
    // Send what is queued first — but within stopTimeoutMs: a stalled connection must not hang stop().
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), stopTimeoutMs);
      this.#drainWaiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#pump();
    });
    if (!drained) {
      this.#drainWaiter = undefined;
      const ms = Math.round(this.#outbox.bufferedBytes / (this.#bytesPerMs || 1));
      this.#outbox.reset();
      this.emit('error', new UsageError('audio_dropped', `${ms} ms of audio could not be sent before stopTimeoutMs: the connection was not draining`));
    }
    const ws = this.#ws;
    if (!ws || ws.readyState !== WS_OPEN) {
      this.#finish(1000, 'Session Ended');
      return undefined;
    }
    const termination = await new Promise<TerminationMessage | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), stopTimeoutMs);
      this.#terminationWaiter = (t) => {
        clearTimeout(timer);
        resolve(t);
      };
      ws.send(JSON.stringify({ type: 'Terminate' }));
    });
    this.#terminationWaiter = undefined;
    if (this.#ws === ws) {
      try {
        ws.close(1000, 'client stop');
      } catch {
        // already closing: nothing to do
      }
      this.#finish(1000, termination ? 'Session Ended' : 'Termination timed out');
    }
    return termination;
  }

  #openSocket(token: string, signal: AbortSignal): Promise<BeginMessage> {
    const url = buildSessionUrl(this.#baseUrl, this.#params, token);
    const timeoutMs = this.#options.connectTimeoutMs ?? 10_000;
    return new Promise<BeginMessage>((resolve, reject) => {
      const Ctor = this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Ctor) {
        reject(new UsageError('invalid_state', 'No global WebSocket: pass one as the WebSocket option'));
        return;
      }
      let ws: WebSocketLike;
      try {
        ws = new Ctor(url);
      } catch (err) {
        reject(new NetworkError('network', `WebSocket to ${redactUrl(url)} failed: ${(err as Error).message}`, { cause: err }));
        return;
      }
      ws.binaryType = 'arraybuffer';
      this.#ws = ws;
      const timer = setTimeout(() => {
        fail(new NetworkError('connect_timeout', `No Begin from ${this.#baseUrl} within ${timeoutMs} ms`, { retriable: true }));
      }, timeoutMs);
      const onAbort = () => fail(aborted());
      signal.addEventListener('abort', onAbort, { once: true });
      const fail = (error: EarshotError) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(error);
      };
      this.#connectWaiter = {
        resolve: (begin) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(begin);
        },
        reject: fail,
      };
      ws.onmessage = (event) => {
        if (this.#ws === ws) this.#onFrame(event.data);
      };
      ws.onclose = (event) => {
        if (this.#ws === ws) this.#onSocketClose(event.code, event.reason);
      };
      // Browsers give no detail on `error`; the `close` that always follows carries the code.
      ws.onerror = () => undefined;
    });
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.emit('warning', { code: 'unparsed_frame', message: 'Ignored a binary frame' });
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.emit('warning', { code: 'unparsed_frame', message: `Ignored a frame: ${parsed.reason}`, raw: parsed.raw });
      return;
    }
    this.#onMessage(parsed.message, data);
  }

  #onMessage(message: ServerMessage, raw: string): void {
    switch (message.type) {
      case 'Begin': {
        if (!this.#connectWaiter) return;
        this.#beginMessage = message;
        // Audio the last session had not finished with goes first; this session's clock starts there.
        const sentBefore = this.#outbox.takenBytes;
        const replayFrom = this.#outbox.rewind();
        this.#replayedMs = this.#bytesPerMs ? Math.round((sentBefore - replayFrom) / this.#bytesPerMs) : 0;
        this.#clockOffsetMs = this.#bytesPerMs ? replayFrom / this.#bytesPerMs : 0;
        this.#turnOffset = this.#nextTurnOrder;
        this.#sendClockStart = Date.now();
        this.#sentBytesSinceBegin = 0;
        const waiter = this.#connectWaiter;
        this.#connectWaiter = undefined;
        this.#setState('open');
        this.emit('begin', message);
        waiter.resolve(message);
        this.#pump();
        return;
      }
      case 'Turn': {
        const turn = this.#toAppClock(message);
        const kept = this.#turns.apply(turn);
        this.emit('turn', turn);
        if (!turn.end_of_turn) this.emit('partial', turn);
        else if (kept) {
          this.#nextTurnOrder = turn.turn_order + 1;
          // The service is done with the audio up to this final's end: it need not be replayed.
          const end = turn.words.at(-1)?.end;
          if (end !== undefined) this.#outbox.release(Math.floor(end * this.#bytesPerMs));
          this.emit('final', turn);
        }
        return;
      }
      case 'SpeechStarted':
        this.emit('speechStarted', this.#clockOffsetMs ? { ...message, timestamp: message.timestamp + this.#clockOffsetMs } : message);
        return;
      case 'Termination':
        this.emit('termination', message);
        this.#terminationWaiter?.(message);
        return;
      case 'Error': {
        // The close follows at once with the same code (§5.5); the frame's text is what explains it.
        this.#errorFrame = message;
        clearTimeout(this.#errorCloseTimer);
        this.#errorCloseTimer = setTimeout(() => {
          const code = message.error_code ?? 3005;
          try {
            this.#ws?.close();
          } catch {
            // ignore
          }
          this.#onSocketClose(code, 'See Error message for details');
        }, ERROR_CLOSE_GRACE_MS);
        return;
      }
      case 'Warning':
        this.emit('warning', { code: 'service_warning', message: message.warning, raw, warning: message });
        return;
      case 'Heartbeat':
        this.emit('heartbeat', message);
        return;
      case 'SpeakerRevision':
        this.emit('speakerRevision', message);
        return;
      case 'LLMGatewayResponse':
        this.emit('llmGatewayResponse', message);
        return;
      case 'Silence':
        this.emit('silence', message);
        return;
    }
  }

  #onSocketClose(code: number, reason: string): void {
    clearTimeout(this.#errorCloseTimer);
    const frame = this.#errorFrame;
    let error: EarshotError | undefined;
    if (frame) error = errorFromService(frame.error_code ?? code, frame.error);
    else if (code !== 1000) error = errorFromService(code, undefined);

    const waiter = this.#connectWaiter;
    if (waiter) {
      this.#connectWaiter = undefined;
      this.#ws = undefined;
      waiter.reject(error ?? new ProtocolError('protocol', `Closed (${code} ${reason}) before Begin`, { closeCode: code }));
      // connect() sets the state and reports; the socket is gone.
      return;
    }
    const expected = this.#currentState === 'closing';
    if (!expected && !this.#stopped && error?.retriable && this.#reconnectOptions()) {
      this.#detach(this.#ws);
      this.#ws = undefined;
      this.#beginMessage = undefined;
      this.#errorFrame = undefined;
      this.#setState('reconnecting');
      this.#scheduleReconnect(error);
      return;
    }
    if (error && !(expected && code === 1000)) this.emit('error', error);
    this.#terminationWaiter?.(undefined);
    this.#finish(code, reason, error);
  }

  #reconnectOptions(): Required<ReconnectOptions> | undefined {
    const o = this.#options.reconnect;
    if (o === false) return undefined;
    return { maxAttempts: o?.maxAttempts ?? 4, baseDelayMs: o?.baseDelayMs ?? 500, maxDelayMs: o?.maxDelayMs ?? 10_000 };
  }

  /** Waits (exponential backoff with jitter), then tries a fresh token and a new socket; gives up after maxAttempts. */
  #scheduleReconnect(cause: EarshotError): void {
    const o = this.#reconnectOptions()!;
    this.#attempt += 1;
    if (this.#attempt > o.maxAttempts) {
      this.#attempt = 0;
      this.emit('error', cause);
      this.#finish(cause.closeCode ?? 1006, `Gave up reconnecting after ${o.maxAttempts} attempts`, cause);
      return;
    }
    const delayMs = this.#backoff(o, this.#attempt, cause);
    this.emit('reconnecting', { attempt: this.#attempt, delayMs, cause });
    this.#reconnectTimer = setTimeout(() => void this.#reconnectNow(), delayMs);
  }

  /** Exponential backoff with jitter (half to all of the step); seconds at least when rate-limited. */
  #backoff(o: Required<ReconnectOptions>, attempt: number, cause: EarshotError): number {
    const base = cause.code === 'rate_limited' ? Math.max(5000, o.baseDelayMs) : o.baseDelayMs;
    return Math.round(Math.min(o.maxDelayMs, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
  }

  async #reconnectNow(): Promise<void> {
    this.#reconnectTimer = undefined;
    const abort = new AbortController();
    this.#connectAbort = abort;
    try {
      const token = await fetchToken(this.#options.token, { signal: abort.signal, timeoutMs: this.#options.tokenTimeoutMs });
      if (abort.signal.aborted) throw aborted();
      const begin = await this.#openSocket(token, abort.signal);
      const attempt = this.#attempt;
      this.#attempt = 0;
      this.emit('reconnected', { attempt, begin, replayedMs: this.#replayedMs });
    } catch (err) {
      this.#dropSocket();
      this.#connectWaiter = undefined;
      if (this.#stopped || abort.signal.aborted) return;
      const error = err instanceof EarshotError ? err : new NetworkError('network', `Reconnect failed: ${(err as Error)?.message ?? err}`, { cause: err, retriable: true });
      if (error.retriable) this.#scheduleReconnect(error);
      else {
        this.#attempt = 0;
        this.emit('error', error);
        this.#finish(error.closeCode ?? 1006, 'Reconnect failed', error);
      }
    } finally {
      if (this.#connectAbort === abort) this.#connectAbort = undefined;
    }
  }

  /** A Turn on the app's clock: turn numbers and word times continue across reconnects. */
  #toAppClock(turn: TurnMessage): TurnMessage {
    const offset = this.#clockOffsetMs;
    if (!offset && !this.#turnOffset) return turn;
    return {
      ...turn,
      turn_order: turn.turn_order + this.#turnOffset,
      words: turn.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset })),
    };
  }

  /** Detaches the socket and reports the close once; the session is then `closed`. */
  #finish(code: number, reason: string, error?: EarshotError): void {
    const ws = this.#ws;
    if (!ws && this.#currentState === 'closed') return;
    this.#detach(ws);
    this.#ws = undefined;
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = undefined;
    this.#drainWaiter?.();
    this.#drainWaiter = undefined;
    if (this.#stopped) this.#outbox.reset();
    (globalThis as { removeEventListener?: EventTarget['removeEventListener'] }).removeEventListener?.('pagehide', this.#onPageHide);
    clearInterval(this.#pauseTimer);
    this.#pauseTimer = undefined;
    clearTimeout(this.#dropTimer);
    this.#dropTimer = undefined;
    this.#setState('closed');
    this.emit('close', { code, reason, ...(error ? { error } : {}), ...(this.#beginMessage ? { sessionId: this.#beginMessage.id } : {}) });
  }

  /** Sends queued audio while open: whole chunks, paced so sending never runs more than `maxLeadMs` ahead of real time. */
  #pump(): void {
    const ws = this.#ws;
    if (!ws || !this.#beginMessage || (this.#currentState !== 'open' && this.#currentState !== 'closing')) return;
    if (this.#pumpTimer !== undefined) return;
    const maxLeadMs = this.#options.maxLeadMs ?? 5000;
    const highWater = this.#options.highWaterBytes ?? 65_536;
    for (;;) {
      if (ws.readyState !== WS_OPEN) return;
      if (ws.bufferedAmount > highWater) {
        // The network is not keeping up: hold audio in our own bounded buffer instead of the socket's.
        if (!this.#backpressureWarned) {
          this.#backpressureWarned = true;
          this.emit('warning', { code: 'backpressure', message: `The connection is slow: ${ws.bufferedAmount} bytes wait to be sent; holding audio (up to maxBufferedMs)` });
        }
        this.#pumpTimer = setTimeout(() => {
          this.#pumpTimer = undefined;
          this.#pump();
        }, 50);
        return;
      }
      this.#backpressureWarned = false;
      if (this.#bytesPerMs > 0 && this.#outbox.bufferedBytes > 0) {
        const lead = this.#sentBytesSinceBegin / this.#bytesPerMs - (Date.now() - this.#sendClockStart);
        if (lead > maxLeadMs) {
          this.#pumpTimer = setTimeout(() => {
            this.#pumpTimer = undefined;
            this.#pump();
          }, Math.ceil(lead - maxLeadMs));
          return;
        }
      }
      let chunk = this.#outbox.next();
      if (!chunk && this.#drainWaiter) chunk = this.#outbox.tail(this.#outbox.chunkBytes, this.#padByte);
      if (!chunk) break;
      ws.send(chunk);
      this.#sentBytesSinceBegin += chunk.byteLength;
    }
    if (this.#drainWaiter && this.#outbox.bufferedBytes === 0) {
      const done = this.#drainWaiter;
      this.#drainWaiter = undefined;
      done();
    }
  }

  #sendJson(body: Record<string, unknown>, what: string): void {
    const ws = this.#ws;
    if (!ws || this.#currentState !== 'open' || ws.readyState !== WS_OPEN) {
      throw new UsageError('invalid_state', `${what}() while ${this.#currentState}: needs an open session`);
    }
    ws.send(JSON.stringify(body));
  }

  #dropSocket(): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#detach(ws);
    this.#ws = undefined;
    try {
      ws.close();
    } catch {
      // a socket still connecting may refuse; it is detached either way
    }
  }

  #detach(ws: WebSocketLike | undefined): void {
    if (!ws) return;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    ws.onopen = null;
  }

  #setState(next: SessionState): void {
    const previous = this.#currentState;
    if (previous === next) return;
    this.#currentState = next;
    this.emit('state', next, previous);
  }
}

function aborted(): EarshotError {
  return new EarshotError('aborted', 'Cancelled');
}
