import { NetworkError, ProtocolError, type EarshotError } from '../errors.js';
import { errorFromService } from '../protocol/close-codes.js';
import type { BeginMessage, ErrorMessage, ServerMessage, TerminationMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/parse-message.js';
import type { TranscriberWarning } from './events.js';
import { deadline } from './deadline.js';
import { reportUncaught } from './event-surface.js';
import { shownUrl } from './shown-url.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/** What a connection reports from `Begin` on. */
export interface ConnectionHandlers {
  /** `Begin` arrived: called at once, before any later frame is handled (they may come in the same tick). */
  begin(begin: BeginMessage): void;
  message(message: ServerMessage, raw: string): void;
  warning(warning: TranscriberWarning): void;
  /**
   * The connection ended without `terminate()` — or during it, with an error and no Termination: `error` says
   * why (undefined for a clean 1000).
   */
  closed(code: number, reason: string, error: EarshotError | undefined): void;
}

/** Settings of one connection. */
export interface ConnectionOptions {
  WebSocket: WebSocketConstructor;
  /** The session URL, token included. Never shown: messages name shownUrl() of it. */
  url: string;
  connectTimeoutMs: number;
  /** See `halfOpenTimeoutMs`; 0 turns detection off. */
  halfOpenTimeoutMs: number;
  /** Heartbeats were asked for: silence from the service is suspect even while no audio flows. */
  heartbeat: boolean;
}

/** After an Error frame the close follows at once (§5.5); this bounds the wait if it does not. */
const ERROR_CLOSE_GRACE_MS = 1000;
/** A connection's phases, in order. */
const OPENING = 0;
const OPEN = 1;
const TERMINATING = 2;
const CLOSED = 3;
/** A longer gap between audio messages (the longest is 1000 ms) means the app paused sending. */
const FLOW_GAP_MS = 2000;

/** One connection, as {@link serviceConnection} returns it. */
export interface ServiceConnection {
  /** Resolves with `Begin`; rejects with an {@link EarshotError} on anything before it (close, timeout, abort). */
  open(signal: AbortSignal, handlers: ConnectionHandlers): Promise<BeginMessage>;
  readonly isOpen: boolean;
  readonly bufferedAmount: number;
  /** Sends one audio message. */
  send(chunk: Uint8Array<ArrayBuffer>): void;
  /**
   * Audio is being given to this connection (sent, or waiting because the socket does not drain — which is
   * what a half-open connection leads to): the service should be answering.
   */
  audioOffered(): void;
  /** Sends one JSON message (the caller checked that the session is open). */
  sendJson(body: Record<string, unknown>): void;
  /**
   * Sends `Terminate`, waits for `Termination` (or the close), then closes and waits for the close — each wait
   * bounded by `timeoutMs`. Resolves with the Termination, or undefined if none came. Never rejects.
   */
  terminate(timeoutMs: number): Promise<TerminationMessage | undefined>;
  /** Best effort, without waiting: tells the service the session is over (leaving the page). */
  sendTerminate(): void;
  /** Closes at once and reports nothing more. */
  close(): void;
}

/**
 * One socket to the service for its whole life: opens it and waits for `Begin` (timeout, abort), then dispatches
 * frames, maps an Error frame and the close that follows to one error, watches for a half-open connection,
 * sends, and terminates with a bounded wait. A new one is made for every attempt, so nothing of an earlier
 * socket (a waiter, a Begin, an Error frame) can leak into the next. Nothing a frame does can throw out of
 * the socket's handlers. Throws a {@link NetworkError} if the socket cannot be made.
 */
export function serviceConnection(o: ConnectionOptions): ServiceConnection {
  // Made here, once, from the URL itself: no message of this connection can quote what shownUrl leaves out.
  const where = shownUrl(o.url);
  let ws: WebSocketLike;
  try {
    ws = new o.WebSocket(o.url);
  } catch (err) {
    // The constructor's message may quote the URL, token included: name the error's kind only.
    throw new NetworkError('network', `WebSocket to ${where} failed (${(err as Error)?.name ?? typeof err})`, { cause: err, retriable: true });
  }
  let handlers: ConnectionHandlers | undefined;
  let phase = OPENING;
  let errorFrame: ErrorMessage | undefined;
  let errorTimer: ReturnType<typeof setTimeout> | undefined;
  let onBegin: ((begin: BeginMessage) => void) | undefined;
  let onOpenFailed: ((error: unknown) => void) | undefined;
  let onTermination: ((termination: TerminationMessage | undefined) => void) | undefined;
  let onClosed: ((value: undefined) => void) | undefined;
  let lastFrameAt = 0;
  /** When audio was last given to this connection, and since when it has been given without a gap. */
  let lastAudioAt = -Infinity;
  let flowingSince = 0;
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  let halfOpen: EarshotError | undefined;
  let terminated = false;
  /** The socket opened: a close before that is a connection never made, not one dropped. */
  let connected = false;

  /** Whatever goes wrong while handling a frame stays here: it must never unwind into the socket's handler. */
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      reportUncaught(error, 'socket');
    }
  };
  const closeSocket = (code: number, reason: string) => {
    try {
      ws.close(code, reason);
    } catch {
      // a socket still connecting may refuse; it is detached either way
    }
  };
  const stopWatching = () => {
    clearTimeout(liveTimer);
    liveTimer = undefined;
  };
  const end = () => {
    phase = CLOSED;
    clearTimeout(errorTimer);
    stopWatching();
    onClosed = undefined;
    ws.onmessage = null;
    // onerror stays: `ws` in Node emits 'error' after closing a socket still connecting, and with no listener
    // that error ends the process.
    ws.onclose = null;
  };
  const isClosed = () => phase === CLOSED;
  const isOpen = () => !isClosed() && ws.readyState === WS_OPEN;
  const sendJson = (body: Record<string, unknown>) => ws.send(JSON.stringify(body));
  const sendTerminate = () => sendJson({ type: 'Terminate' });
  const close = () => {
    if (isClosed()) return;
    closeSocket(1000, 'client close');
    end();
  };

  const onClose = (code: number, reason: string) => guard(() => {
    if (isClosed()) return;
    const frame = errorFrame;
    const error = halfOpen ?? (frame
      ? errorFromService(frame.error_code ?? code, frame.error)
      : !connected
        // A wrong url (no such host, port or path: a 404 to the upgrade) or no network: the socket never opened.
        ? new NetworkError('network', `Could not connect to ${where} (${code}): check url and the network`, { retriable: true, closeCode: code })
        : code !== 1000 ? errorFromService(code, undefined) : undefined);
    const was = phase;
    const closed = onClosed;
    end();
    onTermination?.(undefined);
    closed?.(undefined);
    if (was === OPENING) onOpenFailed?.(error ?? new ProtocolError('protocol', `Closed (${code}) before Begin`, { closeCode: code }));
    // While terminating, a failure (an Error frame and its close, instead of Termination) is reported too.
    else if (was === OPEN || (error && !terminated)) handlers?.closed(code, reason, error);
  });

  const onFrame = (data: unknown) => {
    if (isClosed()) return;
    lastFrameAt = Date.now();
    const ignore = (what: string, raw?: string) => handlers?.warning({ code: 'unparsed_frame', message: `Ignored ${what}`, raw });
    if (typeof data !== 'string') return ignore('a binary frame');
    const parsed = parseServerMessage(data);
    if (!parsed.ok) return ignore(`a frame: ${parsed.reason}`, parsed.raw);
    const message = parsed.message;
    const type = message.type;
    if (type === 'Begin' && phase === OPENING) {
      phase = OPEN;
      if (o.heartbeat) watch();
      // open() resolves first: a stop() from a listener of what begin() emits then ends an open session (with
      // Terminate), rather than aborting an open() that has already succeeded (which would kill the socket).
      onBegin?.(message);
      return handlers?.begin(message);
    }
    // Nothing else comes before Begin, after Termination, nor a second Begin: such a frame would corrupt the session.
    if (type === 'Begin') return ignore('a second Begin');
    if (type !== 'Error' && (phase === OPENING || terminated)) return ignore(`a ${type} ${terminated ? 'after Termination' : 'before Begin'}`);
    if (type === 'Error') {
      // The close follows at once with the same code (§5.5); the frame's text is what explains it.
      errorFrame = message;
      clearTimeout(errorTimer);
      // No close by then: close it here, or a retry would open a second session beside this one.
      errorTimer = setTimeout(() => {
        closeSocket(1000, 'client close');
        onClose(message.error_code ?? 3005, 'See Error message for details');
      }, ERROR_CLOSE_GRACE_MS);
      return;
    }
    if (type === 'Termination') (terminated = true), onTermination?.(message);
    handlers?.message(message, data);
  };

  /**
   * Arms the half-open check: the service has said nothing for `halfOpenTimeoutMs` while audio kept flowing to it
   * (or, with heartbeats, at all). A pause in the app's audio, and the service's silence during it, are normal.
   */
  const watch = () => {
    const limit = o.halfOpenTimeoutMs;
    if (!limit || liveTimer !== undefined || phase !== OPEN) return;
    const check = () => {
      liveTimer = undefined;
      const now = Date.now();
      if (phase !== OPEN || !(now - lastAudioAt <= FLOW_GAP_MS || o.heartbeat)) return;
      const silentMs = now - Math.max(lastFrameAt, o.heartbeat ? 0 : flowingSince);
      if (silentMs < limit) return void (liveTimer = setTimeout(check, limit - silentMs));
      halfOpen = new NetworkError('network', `Nothing from the service for ${silentMs} ms: the connection looks half-open`, { retriable: true, closeCode: 1006 });
      closeSocket(4000, 'half-open');
      onClose(1006, 'half-open');
    };
    liveTimer = setTimeout(check, 1);
  };

  ws.binaryType = 'arraybuffer';
  ws.onopen = () => void (connected = true);
  ws.onmessage = (event) => guard(() => onFrame(event.data));
  ws.onclose = (event) => onClose(event.code, event.reason);
  // Browsers give no detail on `error`; the `close` that always follows carries the code.
  ws.onerror = () => undefined;

  return {
    open(signal, h) {
      handlers = h;
      return deadline<BeginMessage>(
        o.connectTimeoutMs,
        signal,
        () => Promise.reject(new NetworkError('connect_timeout', `No Begin from ${where} within ${o.connectTimeoutMs} ms`, { retriable: true })),
        (resolve, reject) => {
          onBegin = resolve;
          onOpenFailed = reject;
        },
      ).catch((error: unknown) => {
        close();
        throw error;
      });
    },
    get isOpen() {
      return isOpen();
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(chunk) {
      ws.send(chunk);
      this.audioOffered();
    },
    audioOffered() {
      const now = Date.now();
      if (now - lastAudioAt > FLOW_GAP_MS) flowingSince = now;
      lastAudioAt = now;
      watch();
    },
    sendJson,
    async terminate(timeoutMs) {
      if (isClosed()) return undefined;
      phase = TERMINATING;
      stopWatching();
      const termination = await deadline<TerminationMessage | undefined>(timeoutMs, undefined, () => undefined, (done) => {
        onTermination = done;
        try {
          sendTerminate();
        } catch {
          done(undefined);
        }
      });
      onTermination = undefined;
      if (!isClosed()) {
        await deadline<undefined>(timeoutMs, undefined, () => undefined, (done) => {
          onClosed = done;
          closeSocket(1000, 'client stop');
        });
      }
      end();
      return termination;
    },
    sendTerminate() {
      if (isOpen()) sendTerminate();
    },
    close,
  };
}
