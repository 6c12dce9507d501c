import { UsageError } from '../errors.js';
import { PARAM_DEFAULTS, type StreamingParams } from '../protocol/connection-params.js';
import type { Region } from '../protocol/endpoints.js';
import type { AudioSource } from '../audio/audio-source.js';
import type { MicrophoneOptions } from '../audio/microphone-source.js';
import { toReconnectPolicy, type ReconnectOptions, type ReconnectPolicy } from './reconnect-policy.js';
import type { TokenSource } from './token-source.js';
import type { WebSocketConstructor } from './websocket-like.js';

/** Options of a {@link Transcriber}: where tokens come from, where to connect, and every v3 parameter. */
export interface TranscriberOptions extends StreamingParams, ClientOptions {}

/** The options that shape the client itself; none of them is ever sent to the service. */
export interface ClientOptions {
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
  /** Milliseconds `stop()` waits for `Termination`, and then for the socket to close. Default 5 000. */
  stopTimeoutMs?: number;
  /** Milliseconds of audio held while not connected (before `Begin`); past it the oldest is dropped with an `error`. Default 10 000. */
  maxBufferedMs?: number;
  /**
   * How far (ms) sending may run ahead of real time; audio given faster is paced out. Default 5 000. The backlog a
   * reconnect must send (the replay and the audio held during the outage) comes on top, so live audio catches up.
   */
  maxLeadMs?: number;
  /** Microphone used by `start()` when no source is given: device, constraints, AudioContext, workletUrl. */
  microphone?: MicrophoneOptions;
  /** Reconnect after a retriable failure: options for the built-in backoff, your own policy, or `false` for none. */
  reconnect?: false | ReconnectOptions | ReconnectPolicy;
  /** Sent audio kept for replay after a drop (everything after the last final, at most this much). Default 15 000 ms. */
  replayWindowMs?: number;
  /** Socket send-buffer level (bytes) above which audio waits in Earshot's own bounded buffer. Default 64 KiB (~2 s). */
  highWaterBytes?: number;
  /**
   * With `inactivityTimeout` set, what a pause does to the session: `'keepAlive'` (default) sends KeepAlive so it
   * stays open; `'stop'` ends it cleanly (Terminate) just before the service would; `resume()` then starts anew.
   */
  whilePaused?: 'keepAlive' | 'stop';
  /**
   * Milliseconds without any frame from the service — while audio is being sent, or at any time with
   * `sessionHeartbeat` on — after which the connection counts as half-open: it is dropped and a new session
   * takes over with replay. Default 30 000 (the service is silent during silence unless `sessionHeartbeat` is
   * on; with it, a Heartbeat comes every ~5 s, so 15 000 is a tighter safe choice). 0 turns detection off.
   */
  halfOpenTimeoutMs?: number;
  /** No audio for this long (ms) while the session is open and not paused: the `audio_stalled` warning. Default 2 000. */
  stallWarningMs?: number;
  /** No audio for this long (ms) while open and not paused: the `audio_stalled` CaptureError. Default 10 000. */
  stallErrorMs?: number;
}

/** Options of {@link Transcriber.start}. */
export interface StartOptions {
  /** Where audio comes from. Default: the microphone, with the `microphone` options. */
  source?: AudioSource;
  /** Cancels starting. */
  signal?: AbortSignal;
}

/** Options of {@link Transcriber.pause}. */
export interface PauseOptions {
  /** Also release the microphone (the browser's indicator goes off); `resume()` opens it again. Default false. */
  releaseMicrophone?: boolean;
}

type ClientKey = keyof ClientOptions;

/**
 * Every client option with its default (`undefined`: none). This object is also what tells client options from
 * v3 parameters: a client option missing here does not compile, and whatever is not listed here is a wire
 * parameter — so nothing but v3 parameters can reach the URL.
 */
export const DEFAULTS = {
  token: undefined,
  url: undefined,
  region: undefined,
  WebSocket: undefined,
  microphone: undefined,
  reconnect: undefined,
  chunkMs: 50,
  tokenTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  stopTimeoutMs: 5000,
  maxBufferedMs: 10_000,
  maxLeadMs: 5000,
  replayWindowMs: 15_000,
  highWaterBytes: 65_536,
  whilePaused: 'keepAlive',
  halfOpenTimeoutMs: 30_000,
  stallWarningMs: 2000,
  stallErrorMs: 10_000,
} as const satisfies { [K in ClientKey]-?: ClientOptions[K] | undefined };

/** Client options with every default applied. */
export type ResolvedClientOptions = ClientOptions & { [K in keyof typeof DEFAULTS as (typeof DEFAULTS)[K] extends undefined ? never : K]-?: NonNullable<ClientOptions[K]> };

// Compile-time proof that the two sets do not overlap: a v3 parameter named like a client option fails here.
const _disjoint: Extract<keyof StreamingParams, ClientKey> extends never ? true : never = true;
void _disjoint;

/** The byte layout of the audio stream, from `sampleRate`, `encoding` and `chunkMs`. */
export interface StreamFormat {
  sampleRate: number;
  /** 2 for PCM16, 1 for μ-law, 0 for compressed encodings (no pacing, no replay). */
  bytesPerSample: number;
  bytesPerMs: number;
  /** Bytes per message (at most 128 KB: the service closes with 1009 above it, §7). */
  chunkBytes: number;
  /** Silence, to pad the last message: 0 for PCM16, 0xFF for μ-law. */
  padByte: number;
}

/**
 * Options resolved once, in one flat object: the client's own options with defaults, the stream's format, the
 * v3 parameters for the URL (`wire`), and the reconnect policy (undefined with `reconnect: false`).
 */
export type ResolvedOptions = ResolvedClientOptions &
  StreamFormat & {
    wire: StreamingParams & Required<Pick<StreamingParams, keyof typeof PARAM_DEFAULTS>>;
    policy: ReconnectPolicy | undefined;
    healthyAfterMs: number;
  };

/** Splits and checks options once. Throws a {@link UsageError} for a sample rate or chunk size out of range. */
export function resolveOptions(options: TranscriberOptions): ResolvedOptions {
  const wire: Record<string, unknown> = { ...PARAM_DEFAULTS };
  const o: Record<string, unknown> = { wire };
  for (const key of Object.keys(options) as (keyof TranscriberOptions)[]) {
    if (!Object.hasOwn(DEFAULTS, key) && options[key] !== undefined) wire[key] = options[key];
  }
  for (const key of Object.keys(DEFAULTS) as ClientKey[]) o[key] = options[key] ?? DEFAULTS[key];
  const { sampleRate, encoding } = wire as unknown as ResolvedOptions['wire'];
  const chunkMs = o.chunkMs as number;
  const range = (what: string, value: number, min: number, max: number, ok = true) => {
    if (!(ok && value >= min && value <= max)) throw new UsageError('invalid_state', `${what} from ${min} to ${max} (got ${value})`);
  };
  range('sampleRate must be an integer', sampleRate, 8000, 96000, Number.isInteger(sampleRate));
  range('chunkMs must be', chunkMs, 50, 1000);
  const bytesPerSample = encoding === 'pcm_s16le' ? 2 : encoding === 'pcm_mulaw' ? 1 : 0;
  const format: StreamFormat = {
    sampleRate,
    bytesPerSample,
    bytesPerMs: (sampleRate * bytesPerSample) / 1000,
    chunkBytes: Math.min(Math.round((sampleRate * chunkMs) / 1000) * bytesPerSample, 128 * 1024),
    padByte: bytesPerSample === 1 ? 0xff : 0,
  };
  return Object.assign(o, format, toReconnectPolicy(o.reconnect as ClientOptions['reconnect'])) as unknown as ResolvedOptions;
}
