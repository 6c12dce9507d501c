import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AudioDecoder } from './audio-decode.js';
import { FAULT_TEXTS, type Faults } from './faults.js';
import { Texts } from './protocol-texts.js';
import type { Recognizer, RecognizerSink } from './recognizers/recognizer.js';
import { applyUpdate, beginConfiguration, type SessionConfig } from './session-config.js';
import { TurnWriter } from './turn-writer.js';

/** One frame as the emulator saw it, in order, both ways. */
export interface FrameLogEntry {
  /** `in`: client → emulator; `out`: emulator → client. */
  dir: 'in' | 'out';
  /** Milliseconds since the connection opened. */
  at: number;
  kind: 'text' | 'binary';
  /** The text of a text frame. */
  text?: string;
  /** The size of a binary frame. */
  bytes?: number;
}

/** Audio and pacing rules a session enforces (spec §7). */
export interface AudioRules {
  /** Short (< 50 ms) messages tolerated before 3007; the live service let ~49 pass (about 1 s of 20 ms frames). */
  shortChunkTolerance: number;
  /** How far (ms) received audio may run ahead of wall time before 3007 "rate exceeded". */
  maxAudioLeadMs: number;
}

/** What a session needs from the emulator that owns it. */
export interface SessionContext {
  config: SessionConfig;
  maxSessionSeconds: number;
  beginDelayMs: number;
  faults: Faults;
  rules: AudioRules;
  /** Seconds without any client message before the session ends (3006), when it set no `inactivity_timeout`. */
  idleLimitSeconds: number;
  createRecognizer(sink: RecognizerSink): Recognizer;
}

/** Bytes the emulator lets queue towards a client that does not read before it drops the connection. */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

/**
 * One WebSocket session of the emulated service: Begin, audio rules, control messages, timers, faults, and —
 * when the emulator was started with `record: true` — a record of everything that crossed the wire (`frames`,
 * `pcm()`, `sent()`), for tests. Without `record` it keeps only its metadata, so a long-running emulator
 * stays small.
 */
export class EmulatorSession {
  /** The session id sent in Begin. */
  readonly id = randomUUID();
  /** The request path and query, as received (the token included: this is a test server). */
  readonly url: string;
  /** Query parameters as received. */
  readonly query: URLSearchParams;
  /** Validated configuration, once the session was accepted. */
  config: SessionConfig | undefined;
  /** Milliseconds of audio received. */
  audioMs = 0;
  /** How the session ended, once the socket closed: the emulator's own close code when it closed first, else the client's. */
  closed: { code: number; reason: string } | undefined;
  private closeSent: { code: number; reason: string } | undefined;
  /** Resolves when the socket has closed. */
  readonly done: Promise<{ code: number; reason: string }>;

  /** When the connection opened (ms since epoch); frame times in `frames` count from it. */
  readonly openedAt = Date.now();
  private readonly frameLog: FrameLogEntry[] = [];
  private readonly pcmChunks: Buffer[] = [];
  private receivedBytes = 0;
  private beginAt = 0;
  private began = false;
  private ending = false;
  private shortChunks = 0;
  private decoder: AudioDecoder | undefined;
  private recognizer: Recognizer | undefined;
  private writer: TurnWriter | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private inactivityTimer: ReturnType<typeof setTimeout> | undefined;
  private lastActivity = 0;
  private context: SessionContext | undefined;
  private resolveDone!: (v: { code: number; reason: string }) => void;

  /** `record`: keep every frame and the audio (tests); else only metadata. */
  constructor(private readonly ws: WebSocket, request: IncomingMessage, private readonly record = false) {
    this.url = request.url ?? '';
    this.query = new URL(this.url, 'http://emulator').searchParams;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
    ws.on('error', () => undefined);
  }

  /** Every frame both ways, in order. Throws unless the emulator was started with `record: true`. */
  get frames(): FrameLogEntry[] {
    this.mustRecord('frames');
    return this.frameLog;
  }

  /** The exact audio bytes received, in order. Throws unless the emulator was started with `record: true`. */
  pcm(): Buffer {
    this.mustRecord('pcm()');
    return Buffer.concat(this.pcmChunks);
  }

  /** The text frames sent to the client, parsed. Throws unless the emulator was started with `record: true`. */
  sent(): Record<string, unknown>[] {
    return this.frames.filter((f) => f.dir === 'out' && f.text).map((f) => JSON.parse(f.text!) as Record<string, unknown>);
  }

  private mustRecord(what: string): void {
    if (!this.record) throw new Error(`session.${what} needs the emulator started with record: true (without it, sessions keep no audio or frames)`);
  }

  /** Accepts the session: Begin after the configured delay, then timers and faults. */
  accept(context: SessionContext): void {
    this.context = context;
    this.config = context.config;
    this.decoder = new AudioDecoder(context.config.encoding, context.config.sample_rate);
    this.writer = new TurnWriter(context.config, (m) => this.send(m));
    this.recognizer = context.createRecognizer(this.writer);
    this.after(context.beginDelayMs + (context.faults.beginDelayMs ?? 0), () => this.begin());
  }

  /** Refuses the session with an Error frame and a close with the same code (spec §2, §4). */
  refuse(code: number, text: string): void {
    this.fail(code, text);
  }

  /** Fault: drop the connection without a close frame (the client sees 1006). */
  drop(): void {
    this.cleanup();
    this.ws.terminate();
  }

  /**
   * Fault: an Error frame with `code`, then close with it. 1009 and 1011 close without an Error frame, as
   * the service does (spec §9).
   */
  sendError(code: number, text = FAULT_TEXTS[code] ?? Texts.sessionCancelled): void {
    if (code === 1009 || code === 1011) {
      this.ending = true;
      this.closeWith(code, '');
      return;
    }
    this.fail(code, text);
  }

  /** Fault: send any text frame as is. */
  sendRaw(text: string): void {
    this.log('out', text);
    this.ws.send(text);
  }

  /** Fault: stop reading from the socket, so the client's send buffer fills up. */
  stall(): void {
    this.ws.pause();
  }

  private begin(): void {
    if (this.closed || this.ending) return;
    const ctx = this.context!;
    this.began = true;
    this.beginAt = Date.now();
    this.send({
      type: 'Begin',
      id: this.id,
      expires_at: Math.floor(this.beginAt / 1000) + ctx.maxSessionSeconds,
      configuration: beginConfiguration(ctx.config),
    });
    this.after(ctx.maxSessionSeconds * 1000, () => this.fail(3008, Texts.sessionExpired));
    this.touch();
    if (ctx.config.session_heartbeat === true) this.heartbeat();
    const f = ctx.faults;
    if (f.dropAfterMs !== undefined) this.after(f.dropAfterMs, () => this.drop());
    if (f.error) this.after(f.error.afterMs ?? 0, () => this.sendError(f.error!.code, f.error!.text));
    if (f.malformedAfterMs !== undefined) this.after(f.malformedAfterMs, () => this.sendRaw('{"type":"Turn","turn_order":'));
    if (f.stallAfterMs !== undefined) this.after(f.stallAfterMs, () => this.stall());
  }

  private heartbeat(): void {
    this.after(5000, () => {
      const elapsed = Date.now() - this.beginAt;
      this.send({ type: 'Heartbeat', total_audio_received_ms: Math.round(this.audioMs), total_duration_ms: elapsed, realtime_factor: elapsed ? Math.round((this.audioMs / elapsed) * 1e4) / 1e4 : 0, max_speech_probability: 0 });
      this.heartbeat();
    });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed || this.ending) return;
    if (isBinary) this.onAudio(data);
    else this.onText(data.toString('utf8'));
  }

  private onAudio(data: Buffer): void {
    this.log('in', undefined, data.length);
    if (this.record) this.pcmChunks.push(Buffer.from(data));
    this.receivedBytes += data.length;
    this.touch();
    const ctx = this.context;
    if (!ctx) return; // before validation: kept in the log, not judged
    if (ctx.faults.dropAfterBytes !== undefined && this.receivedBytes >= ctx.faults.dropAfterBytes) {
      this.drop();
      return;
    }
    const perSecond = this.decoder!.bytesPerSecond;
    if (perSecond > 0) {
      const ms = (data.length * 1000) / perSecond;
      if (ms > 1000) return this.fail(3007, Texts.chunkDuration(ms));
      if (ms < 50 && ++this.shortChunks > ctx.rules.shortChunkTolerance) return this.fail(3007, Texts.chunkDuration(ms));
      this.audioMs += ms;
      const wall = Date.now() - (this.began ? this.beginAt : this.openedAt);
      if (this.audioMs - wall > ctx.rules.maxAudioLeadMs) {
        return this.fail(3007, Texts.rateExceeded(this.audioMs / 1000, wall / 1000));
      }
    }
    this.recognizer!.write(this.decoder!.decode(data));
  }

  private onText(text: string): void {
    this.log('in', text);
    this.touch();
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      return this.fail(3006, Texts.invalidJson((err as Error).message));
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return this.fail(3006, Texts.invalidMessage(text));
    const body = message as Record<string, unknown>;
    switch (body.type) {
      case 'KeepAlive':
        return;
      case 'ForceEndpoint':
        void this.recognizer?.endpoint();
        return;
      case 'UpdateConfiguration': {
        if (!this.config) return;
        const applied = applyUpdate(this.config, body);
        if (!applied.ok) this.fail(3006, applied.text);
        return;
      }
      case 'Terminate':
        void this.terminate();
        return;
      default:
        return this.fail(3006, Texts.invalidMessageType(String(body.type)));
    }
  }

  /** Flushes the turn in flight, sends Termination and closes 1000 (spec §5.4, §6.5). */
  private async terminate(): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    await this.recognizer?.endpoint();
    if (this.closed) return;
    this.writer?.terminate();
    const sessionMs = this.began ? Date.now() - this.beginAt : 0;
    this.send({ type: 'Termination', audio_duration_seconds: Math.round(this.audioMs / 1000), session_duration_seconds: Math.round(sessionMs / 1000) });
    this.closeWith(1000, Texts.sessionEnded);
  }

  /** An Error frame, then a close with the same code; no Termination (spec §5.5). */
  private fail(code: number, text: string): void {
    if (this.closed) return;
    this.ending = true;
    this.send({ type: 'Error', error_code: code, error: text });
    this.closeWith(code, Texts.errorCloseReason);
  }

  /**
   * Any message resets the inactivity clock (spec §8): the client's `inactivity_timeout`, else the emulator's
   * own idle limit. One timer per session, moved forward lazily (not re-armed on each of 20 messages a second).
   */
  private touch(): void {
    const seconds = (this.config?.inactivity_timeout as number | undefined) ?? this.context?.idleLimitSeconds;
    if (!seconds || !this.began) return;
    this.lastActivity = Date.now();
    if (this.inactivityTimer) return;
    const check = (delay: number) => {
      this.inactivityTimer = this.after(delay, () => {
        const idle = Date.now() - this.lastActivity;
        if (idle >= seconds * 1000) this.fail(3006, Texts.inactivity(seconds));
        else check(seconds * 1000 - idle);
      });
    };
    check(seconds * 1000);
  }

  private send(message: Record<string, unknown>): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // A client that never reads would make us hold every message: past the bound, drop it (1006).
    if (this.ws.bufferedAmount > MAX_UNREAD_BYTES) return this.drop();
    const text = JSON.stringify(message);
    this.log('out', text);
    this.ws.send(text);
  }

  private log(dir: 'in' | 'out', text?: string, bytes?: number): void {
    if (!this.record) return;
    this.frameLog.push({ dir, at: Date.now() - this.openedAt, kind: text === undefined ? 'binary' : 'text', ...(text !== undefined ? { text } : { bytes }) });
  }

  private after(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cleanup(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.recognizer?.close();
  }

  private closeWith(code: number, reason: string): void {
    this.cleanup();
    this.closeSent = { code, reason };
    this.ws.close(code, reason);
  }

  private onClose(code: number, reason: string): void {
    this.cleanup();
    this.closed = this.closeSent ?? { code, reason };
    this.resolveDone(this.closed);
  }
}
