import { EarshotError, NetworkError, ProtocolError, UsageError } from '../errors.js';
import { errorFromService } from '../protocol/close-codes.js';
import type { BeginMessage, ErrorMessage, ServerMessage, TerminationMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/parse-message.js';
import type { TranscriberWarning } from './events.js';
import { reportUncaught } from './event-surface.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/** What a connection reports from `Begin` on. */
export interface ConnectionHandlers {
  /** `Begin` arrived: called at once, before any later frame is handled (they may come in the same tick). */
  begin(begin: BeginMessage): void;
  message(message: ServerMessage, raw: string): void;
  warning(warning: TranscriberWarning): void;
  /** The connection ended without `terminate()`: `error` says why (undefined for a clean 1000). */
  closed(code: number, reason: string, error: EarshotError | undefined): void;
}

/** Settings of one connection. */
export interface ConnectionOptions {
  WebSocket: WebSocketConstructor;
  /** The session URL, token included. Never shown: `where` names the host instead. */
  url: string;
  where: string;
  connectTimeoutMs: number;
  /** See `halfOpenTimeoutMs`; 0 turns detection off. */
  halfOpenTimeoutMs: number;
  /** Heartbeats were asked for: silence from the service is suspect even while no audio flows. */
  heartbeat: boolean;
}

/** After an Error frame the close follows at once (§5.5); this bounds the wait if it does not. */
const ERROR_CLOSE_GRACE_MS = 1000;
/** A longer gap between audio messages (the longest is 1000 ms) means the app paused sending. */
const FLOW_GAP_MS = 2000;

/**
 * One socket to the service for its whole life: opens it and waits for `Begin` (timeout, abort), then dispatches
 * frames, maps an Error frame and the close that follows to one error, watches for a half-open connection,
 * sends, and terminates with a bounded wait. A new one is made for every attempt, so nothing of an earlier
 * socket (a waiter, a Begin, an Error frame) can leak into the next. Nothing a frame does can throw out of
 * the socket's handlers.
 */
export class ServiceConnection {
  readonly #o: ConnectionOptions;
  readonly #ws: WebSocketLike;
  #handlers: ConnectionHandlers | undefined;
  #phase: 'opening' | 'open' | 'terminating' | 'closed' = 'opening';
  #errorFrame: ErrorMessage | undefined;
  #errorTimer: ReturnType<typeof setTimeout> | undefined;
  #onBegin: ((begin: BeginMessage) => void) | undefined;
  #onOpenFailed: ((error: EarshotError) => void) | undefined;
  #onTermination: ((termination: TerminationMessage | undefined) => void) | undefined;
  #onClosed: (() => void) | undefined;
  #lastFrameAt = 0;
  /** When audio was last given to this connection, and since when it has been given without a gap. */
  #lastAudioAt = -Infinity;
  #flowingSince = 0;
  #liveTimer: ReturnType<typeof setTimeout> | undefined;
  #halfOpen: EarshotError | undefined;
  #terminated = false;

  /** Opens the socket. Throws a {@link UsageError} without a WebSocket, a {@link NetworkError} if it cannot be made. */
  constructor(options: ConnectionOptions) {
    this.#o = options;
    try {
      this.#ws = new options.WebSocket(options.url);
    } catch (err) {
      // The constructor's message may quote the URL, token included: name the error's kind only.
      throw new NetworkError('network', `WebSocket to ${options.where} could not be made (${(err as Error)?.name ?? typeof err})`, { cause: err, retriable: true });
    }
    this.#ws.binaryType = 'arraybuffer';
    this.#ws.onmessage = (event) => this.#guard(() => this.#onFrame(event.data));
    this.#ws.onclose = (event) => this.#guard(() => this.#onClose(event.code, event.reason));
    // Browsers give no detail on `error`; the `close` that always follows carries the code.
    this.#ws.onerror = () => undefined;
  }

  /** Resolves with `Begin`; rejects with an {@link EarshotError} on anything before it (close, timeout, abort). */
  open(signal: AbortSignal, handlers: ConnectionHandlers): Promise<BeginMessage> {
    return new Promise<BeginMessage>((resolve, reject) => {
      const timer = setTimeout(() => fail(new NetworkError('connect_timeout', `No Begin from ${this.#o.where} within ${this.#o.connectTimeoutMs} ms`, { retriable: true })), this.#o.connectTimeoutMs);
      const onAbort = () => fail(new EarshotError('aborted', 'Cancelled'));
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#onBegin = undefined;
        this.#onOpenFailed = undefined;
      };
      const fail = (error: EarshotError) => {
        settle();
        this.close();
        reject(error);
      };
      this.#onOpenFailed = fail;
      this.#handlers = handlers;
      this.#onBegin = (begin) => {
        settle();
        this.#phase = 'open';
        this.#lastFrameAt = Date.now();
        if (this.#o.heartbeat) this.#watch();
        handlers.begin(begin);
        resolve(begin);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  get #closed(): boolean {
    return this.#phase === 'closed';
  }

  get isOpen(): boolean {
    return !this.#closed && this.#ws.readyState === WS_OPEN;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  /** Sends one audio message. */
  send(chunk: Uint8Array<ArrayBuffer>): void {
    this.#ws.send(chunk);
    this.audioOffered();
  }

  /**
   * Audio is being given to this connection (sent, or waiting because the socket does not drain — which is
   * what a half-open connection leads to): the service should be answering.
   */
  audioOffered(): void {
    const now = Date.now();
    if (now - this.#lastAudioAt > FLOW_GAP_MS) this.#flowingSince = now;
    this.#lastAudioAt = now;
    this.#watch();
  }

  /** Sends one JSON message; throws a {@link UsageError} unless the session is open. */
  sendJson(body: Record<string, unknown>): void {
    if (!this.isOpen) throw new UsageError('invalid_state', `${String(body.type)} needs an open session`);
    this.#ws.send(JSON.stringify(body));
  }

  /**
   * Sends `Terminate`, waits for `Termination` (or the close), then closes and waits for the close — each wait
   * bounded by `timeoutMs`. Resolves with the Termination, or undefined if none came. Never rejects.
   */
  async terminate(timeoutMs: number): Promise<TerminationMessage | undefined> {
    if (this.#phase === 'closed') return undefined;
    this.#phase = 'terminating';
    this.#stopWatching();
    const termination = await this.#within<TerminationMessage>(timeoutMs, (done) => {
      this.#onTermination = done;
      try {
        this.#ws.send(JSON.stringify({ type: 'Terminate' }));
      } catch {
        done(undefined);
      }
    });
    this.#onTermination = undefined;
    if (!this.#closed) {
      await this.#within(timeoutMs, (done) => {
        this.#onClosed = () => done(undefined);
        this.#closeSocket(1000, 'client stop');
      });
    }
    this.#end();
    return termination;
  }

  /** Best effort, without waiting: tells the service the session is over (leaving the page). */
  sendTerminate(): void {
    if (this.isOpen) this.#ws.send(JSON.stringify({ type: 'Terminate' }));
  }

  /** Closes at once and reports nothing more. */
  close(): void {
    if (this.#phase === 'closed') return;
    this.#closeSocket(1000, 'client close');
    this.#end();
  }

  #within<T>(ms: number, start: (done: (value: T | undefined) => void) => void): Promise<T | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      start((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }

  #onFrame(data: unknown): void {
    if (this.#phase === 'closed') return;
    this.#lastFrameAt = Date.now();
    const ignore = (what: string, raw?: string) => this.#handlers?.warning({ code: 'unparsed_frame', message: `Ignored ${what}`, raw });
    if (typeof data !== 'string') return ignore('a binary frame');
    const parsed = parseServerMessage(data);
    if (!parsed.ok) return ignore(`a frame: ${parsed.reason}`, parsed.raw);
    const message = parsed.message;
    const type = message.type;
    if (type === 'Begin' && this.#onBegin) return this.#onBegin(message);
    // Nothing else comes before Begin, after Termination, nor a second Begin: such a frame would corrupt the session.
    if (type === 'Begin') return ignore('a second Begin');
    if (type !== 'Error' && (this.#phase === 'opening' || this.#terminated)) return ignore(`a ${type} ${this.#terminated ? 'after Termination' : 'before Begin'}`);
    if (type === 'Error') {
      // The close follows at once with the same code (§5.5); the frame's text is what explains it.
      this.#errorFrame = message;
      clearTimeout(this.#errorTimer);
      // No close by then: close it here, or a retry would open a second session beside this one.
      this.#errorTimer = setTimeout(() => {
        this.#closeSocket(1000, 'client close');
        this.#guard(() => this.#onClose(message.error_code ?? 3005, 'See Error message for details'));
      }, ERROR_CLOSE_GRACE_MS);
      return;
    }
    if (type === 'Termination') (this.#terminated = true), this.#onTermination?.(message);
    if (this.#phase === 'open' || this.#phase === 'terminating') this.#handlers?.message(message, data);
  }

  #onClose(code: number, reason: string): void {
    if (this.#phase === 'closed') return;
    const frame = this.#errorFrame;
    let error: EarshotError | undefined;
    if (this.#halfOpen) error = this.#halfOpen;
    else if (frame) error = errorFromService(frame.error_code ?? code, frame.error);
    else if (code !== 1000) error = errorFromService(code, undefined);
    const phase = this.#phase;
    const onClosed = this.#onClosed;
    this.#end();
    this.#onTermination?.(undefined);
    onClosed?.();
    if (phase === 'opening') {
      this.#onOpenFailed?.(error ?? new ProtocolError('protocol', `Closed (${code}) before Begin`, { closeCode: code }));
    } else if (phase === 'open') {
      this.#handlers?.closed(code, reason, error);
    }
  }

  /**
   * Arms the half-open check: the service has said nothing for `halfOpenTimeoutMs` while audio kept flowing to it
   * (or, with heartbeats, at all). A pause in the app's audio, and the service's silence during it, are normal.
   */
  #watch(): void {
    const limit = this.#o.halfOpenTimeoutMs;
    if (!limit || this.#liveTimer !== undefined || this.#phase !== 'open') return;
    const check = () => {
      this.#liveTimer = undefined;
      const now = Date.now();
      const flowing = now - this.#lastAudioAt <= FLOW_GAP_MS;
      if (this.#phase !== 'open' || !(flowing || this.#o.heartbeat)) return;
      const silentMs = now - Math.max(this.#lastFrameAt, this.#o.heartbeat ? 0 : this.#flowingSince);
      if (silentMs < limit) {
        this.#liveTimer = setTimeout(check, limit - silentMs);
        return;
      }
      this.#halfOpen = new NetworkError('network', `Nothing from the service for ${silentMs} ms: the connection looks half-open`, { retriable: true, closeCode: 1006 });
      this.#closeSocket(4000, 'half-open');
      this.#guard(() => this.#onClose(1006, 'half-open'));
    };
    this.#liveTimer = setTimeout(check, 1);
  }

  #stopWatching(): void {
    clearTimeout(this.#liveTimer);
    this.#liveTimer = undefined;
  }

  #closeSocket(code: number, reason: string): void {
    try {
      this.#ws.close(code, reason);
    } catch {
      // a socket still connecting may refuse; it is detached either way
    }
  }

  #end(): void {
    this.#phase = 'closed';
    clearTimeout(this.#errorTimer);
    this.#stopWatching();
    this.#onClosed = undefined;
    this.#ws.onmessage = null;
    // onerror stays: `ws` in Node emits 'error' after closing a socket still connecting, and with no listener
    // that error ends the process.
    this.#ws.onclose = null;
  }

  /** Whatever goes wrong while handling a frame stays here: it must never unwind into the socket's handler. */
  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportUncaught(error, 'socket');
    }
  }
}
