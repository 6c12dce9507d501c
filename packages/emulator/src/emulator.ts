import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Faults } from './faults.js';
import { Texts } from './protocol-texts.js';
import { PocketSphinxRecognizer, pocketsphinxUnavailable } from './recognizers/pocketsphinx.js';
import type { Recognizer, RecognizerName, RecognizerSink } from './recognizers/recognizer.js';
import { ScriptedRecognizer } from './recognizers/scripted.js';
import { SessionRateLimiter } from './rate-limiter.js';
import { parseSessionQuery, turnEndSilenceMs } from './session-config.js';
import { EmulatorSession } from './session.js';
import { handleTokenRequest } from './token-endpoint.js';
import { TokenStore } from './token-store.js';

/** Options of {@link startEmulator}. Every default mirrors the live service where it is known. */
export interface EmulatorOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** The API key the token endpoint and the `Authorization` header accept. Default {@link DEFAULT_API_KEY}. */
  apiKey?: string;
  /** `auto` (default): PocketSphinx when installed, else `scripted`. */
  recognizer?: RecognizerName;
  /** PocketSphinx: a JSGF grammar file, for deterministic recognition of known sentences. */
  grammar?: string;
  /** Scripted: transcripts for turns 0, 1, 2, … of each session. */
  transcripts?: readonly string[];
  /** `speech_model` when the client sends none. Default `universal-3-6-pro` (the server default after 2026-09-29). */
  defaultModel?: string;
  /** Milliseconds before Begin. Default 1200 (the live service takes ~1.2–1.3 s). */
  beginDelayMs?: number;
  /** Allow a token to open many sessions within its window (what production was seen doing). Default false. */
  tokenReuse?: boolean;
  /** New sessions allowed per minute (spec §10). Default unlimited. */
  sessionsPerMinute?: number;
  /** Close code for the rate limit: 3009 (default, errors page and SDKs) or 1008 (concurrency page). */
  rateLimitCode?: 3009 | 1008;
  /** Short (< 50 ms) audio messages tolerated before 3007. Default 49 (seen live). */
  shortChunkTolerance?: number;
  /** Milliseconds audio may run ahead of real time before 3007. Default 300 000 (the ~310 s seen live, docs/protocol.md §7). */
  maxAudioLeadMs?: number;
  /** Serve https/wss with this certificate and key (PEM text or file paths). */
  tls?: { cert: string; key: string };
  /** Keep every frame and the audio of each session (`session.frames`, `pcm()`, `sent()`), for tests. Default false. */
  record?: boolean;
  /** How many sessions `emulator.sessions` remembers (the most recent). Default 100. */
  keepSessions?: number;
  /**
   * Open sessions at once; one more is refused as the service refuses a concurrency limit (`rateLimitCode`,
   * 3009 "Too many concurrent sessions"). Default 16 with PocketSphinx (~75 MB each), 1000 with `scripted`.
   */
  maxSessions?: number;
  /**
   * Seconds a session may send nothing before it ends with the inactivity error (3006), when the client set no
   * `inactivity_timeout`. Default 300. (The service sets none; the emulator does, so abandoned sessions end.)
   */
  idleLimitSeconds?: number;
  /** Longest request target (path + query) accepted, in bytes; longer → HTTP 414 before the upgrade. Default 16 384. */
  maxUrlBytes?: number;
  /** Faults applied to sessions that start from now on (mutable through `emulator.faults`). */
  faults?: Faults;
  /** Where start-up notes go. Default: nowhere. */
  log?: (line: string) => void;
}

/** A running emulator. */
export interface Emulator {
  /** WebSocket URL of the streaming endpoint, e.g. `ws://127.0.0.1:8787/v3/ws`. */
  url: string;
  /** `http(s)://host:port`. */
  httpUrl: string;
  /** URL of the token endpoint (`GET …/v3/token`). */
  tokenUrl: string;
  port: number;
  apiKey: string;
  /** The recognizer in use after `auto` was resolved. */
  recognizer: 'pocketsphinx' | 'scripted';
  /** The most recent sessions (at most `keepSessions`), oldest first. */
  sessions: EmulatorSession[];
  /** Sessions open now (accepted and not yet closed). */
  readonly openSessions: number;
  /** Faults for sessions that start from now on. */
  faults: Faults;
  /** Resolves with the next session to connect. */
  nextSession(): Promise<EmulatorSession>;
  /** Requests the token endpoint received, answered or failed. */
  readonly tokenRequests: number;
  /** How many tokens were minted (endpoint and `mintToken`). */
  readonly tokensMinted: number;
  /** Mints a token directly (as the token endpoint would). */
  mintToken(expiresInSeconds?: number, maxSessionDurationSeconds?: number): string;
  /** Closes every session and the server. */
  close(): Promise<void>;
}

/** The key the emulator accepts unless told otherwise; the demo, the Vite config and the CLI use it too. */
export const DEFAULT_API_KEY = 'earshot-demo-key';
/** Look-ahead (ms of audio beyond real time) tolerated before 3007: the live service's was estimated at ~310 s (docs/protocol.md §7). */
const DEFAULT_MAX_AUDIO_LEAD_MS = 300_000;

const pem = (value: string) => (value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8'));

/** Starts the emulator: `GET /v3/token` and the `/v3/ws` WebSocket on one port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const store = new TokenStore(options.tokenReuse ?? false);
  const limiter = options.sessionsPerMinute ? new SessionRateLimiter(options.sessionsPerMinute) : undefined;
  const sessions: EmulatorSession[] = [];
  const sessionWaiters: ((s: EmulatorSession) => void)[] = [];
  const faults: Faults = options.faults ?? {};
  let tokenRequests = 0;
  let openSessions = 0;
  const recognizer = chooseRecognizer(options);
  const keepSessions = options.keepSessions ?? 100;
  const maxSessions = options.maxSessions ?? (recognizer === 'pocketsphinx' ? 16 : 1000);
  const maxUrlBytes = options.maxUrlBytes ?? 16_384;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/v3/token') {
      tokenRequests += 1;
      void handleTokenRequest(req, res, { apiKey, store, faults: emulator.faults });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail: 'Not Found' }));
  };
  // Node's own header limit (16 KB) would answer 431 first; ours is the request target's, answered 414.
  // Past 256 KB of headers Node still answers 431 itself.
  const serverOptions = { maxHeaderSize: Math.max(maxUrlBytes + 16_384, 256 * 1024) };
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, cert: pem(options.tls.cert), key: pem(options.tls.key) }, onRequest)
    : createHttpServer(serverOptions, onRequest);
  // 128 KB per message; `ws` closes with 1009 above it, as the service does (spec §7).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 128 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = Buffer.byteLength(req.url ?? '');
    if (target > maxUrlBytes) {
      // Refused before the upgrade, as an HTTP front end does: a browser sees only a failed WebSocket (1006).
      socket.end(`HTTP/1.1 414 URI Too Long\r\ncontent-type: text/plain\r\nconnection: close\r\ncontent-length: ${uriTooLong(target, maxUrlBytes).length}\r\n\r\n${uriTooLong(target, maxUrlBytes)}`);
      return;
    }
    if ((req.url ?? '').split('?')[0] !== '/v3/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    const session = new EmulatorSession(ws, req, options.record ?? false);
    sessions.push(session);
    if (sessions.length > keepSessions) sessions.splice(0, sessions.length - keepSessions);
    sessionWaiters.splice(0).forEach((resolve) => resolve(session));
    // Validation happens after the upgrade, in the order the service reports: rate, auth, parameters (§2, §4).
    if (limiter && !limiter.admit()) return session.refuse(options.rateLimitCode ?? 3009, Texts.tooManySessions);
    if (openSessions >= maxSessions) return session.refuse(options.rateLimitCode ?? 3009, Texts.tooManySessions);
    const auth = authorize(req.headers.authorization, session.query.get('token'));
    if (!auth.ok) return session.refuse(1008, auth.text);
    const parsed = parseSessionQuery(session.query, options.defaultModel ?? 'universal-3-6-pro');
    if (!parsed.ok) return session.refuse(3006, parsed.text);
    const config = parsed.config;
    openSessions += 1;
    void session.done.then(() => (openSessions -= 1));
    session.accept({
      config,
      maxSessionSeconds: auth.maxSessionSeconds,
      beginDelayMs: options.beginDelayMs ?? 1200,
      faults: { ...emulator.faults },
      rules: { shortChunkTolerance: options.shortChunkTolerance ?? 49, maxAudioLeadMs: options.maxAudioLeadMs ?? DEFAULT_MAX_AUDIO_LEAD_MS },
      idleLimitSeconds: options.idleLimitSeconds ?? 300,
      createRecognizer: (sink) => makeRecognizer(recognizer, sink, turnEndSilenceMs(config), options),
    });
  }

  function authorize(header: string | undefined, token: string | null): { ok: true; maxSessionSeconds: number } | { ok: false; text: string } {
    if (header !== undefined) {
      // Raw key only on the socket: `Bearer` is refused (spec §2). A temporary token also works here (Python SDK).
      if (header.startsWith('Bearer ')) return { ok: false, text: Texts.invalidKey };
      if (header === apiKey) return { ok: true, maxSessionSeconds: 10_800 };
      return store.redeem(header);
    }
    if (token !== null) return store.redeem(token);
    return { ok: false, text: Texts.missingAuth };
  }

  const sweeper = setInterval(() => store.sweep(), 60_000);
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const secure = !!options.tls;
  const httpUrl = `${secure ? 'https' : 'http'}://${host}:${address.port}`;
  options.log?.(`recognizer: ${recognizer}${recognizer === 'scripted' && options.recognizer !== 'scripted' ? ` (PocketSphinx unavailable: ${pocketsphinxUnavailable()})` : ''}`);

  const emulator: Emulator = {
    url: `${secure ? 'wss' : 'ws'}://${host}:${address.port}/v3/ws`,
    httpUrl,
    tokenUrl: `${httpUrl}/v3/token`,
    port: address.port,
    apiKey,
    recognizer,
    sessions,
    faults,
    get openSessions() {
      return openSessions;
    },
    nextSession: () => new Promise((resolve) => sessionWaiters.push(resolve)),
    get tokenRequests() {
      return tokenRequests;
    },
    get tokensMinted() {
      return store.minted;
    },
    mintToken: (expires = 60, cap = 10_800) => store.mint(expires, cap),
    close: async () => {
      clearInterval(sweeper);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}

const uriTooLong = (bytes: number, max: number) => `Request-URI of ${bytes} bytes is longer than the ${max} accepted`;

function chooseRecognizer(options: EmulatorOptions): 'pocketsphinx' | 'scripted' {
  const wanted = options.recognizer ?? 'auto';
  if (wanted === 'scripted') return 'scripted';
  const problem = pocketsphinxUnavailable();
  if (wanted === 'pocketsphinx' && problem) throw new Error(`PocketSphinx is not available: ${problem}`);
  return problem ? 'scripted' : 'pocketsphinx';
}

function makeRecognizer(kind: 'pocketsphinx' | 'scripted', sink: RecognizerSink, endSilenceMs: number, options: EmulatorOptions): Recognizer {
  if (kind === 'pocketsphinx') return new PocketSphinxRecognizer({ sink, endSilenceMs, ...(options.grammar ? { grammar: options.grammar } : {}) });
  return new ScriptedRecognizer({ sink, endSilenceMs, ...(options.transcripts ? { transcripts: options.transcripts } : {}) });
}
