// A page for the browser tests: the public API only, driven from Playwright through `window.earshot`.
import { EarshotError, MicrophoneSource, Transcriber, listMicrophones, microphonePermission, type AudioFormat, type AudioFrame, type AudioSource } from '@earshot/client';

interface StartOptions {
  /** Run our AudioContext at this rate (a laptop's 48 kHz); default: the browser's own. */
  contextRate?: number;
  /** Turn echo cancellation, noise suppression and auto gain off (bit-faithful capture). */
  raw?: boolean;
  chunkMs?: number;
  /** Load the worklet from this URL instead of inline. */
  workletUrl?: string;
  highWaterBytes?: number;
  maxBufferedMs?: number;
  reconnect?: false | { baseDelayMs?: number; maxAttempts?: number };
  sampleRate?: number;
  halfOpenTimeoutMs?: number;
  /** How long the AudioContext may stay suspended mid-capture before the typed error (ms). */
  suspendedErrorMs?: number;
  /** How long no frame may arrive while open before the `audio_stalled` warning (ms). */
  stallWarningMs?: number;
}

// Count the page-level listeners the SDK leaves behind (the 100-cycle test reads this).
const listenerCount: Record<string, number> = {};
const addListener = window.addEventListener.bind(window);
const removeListener = window.removeEventListener.bind(window);
window.addEventListener = ((type: string, fn: EventListenerOrEventListenerObject, opts?: boolean | AddEventListenerOptions) => {
  listenerCount[type] = (listenerCount[type] ?? 0) + 1;
  addListener(type, fn, opts);
}) as typeof window.addEventListener;
window.removeEventListener = ((type: string, fn: EventListenerOrEventListenerObject, opts?: boolean | EventListenerOptions) => {
  listenerCount[type] = (listenerCount[type] ?? 0) - 1;
  removeListener(type, fn, opts);
}) as typeof window.removeEventListener;

/** Counts what the microphone delivered, through the public AudioSource interface. */
class CountingSource implements AudioSource {
  samples = 0;
  frames = 0;
  /** Wall-clock time (ms since epoch) at which each frame's last sample was captured. */
  readonly capturedAt: number[] = [];
  constructor(readonly inner: MicrophoneSource) {}
  start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    return this.inner.start(format, (frame) => {
      this.samples += frame.pcm.length;
      this.frames += 1;
      // The worklet stamps each frame with the context time of its end; map it onto the wall clock.
      const context = this.inner.audioContext;
      const lagMs = context ? (context.currentTime - this.inner.lastFrameTime) * 1000 : 0;
      this.capturedAt.push(performance.timeOrigin + performance.now() - lagMs);
      onFrame(frame);
    });
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  pause(): void {
    this.inner.pause();
  }
  resume(): void {
    this.inner.resume();
  }
  setMuted(muted: boolean): void {
    this.inner.setMuted(muted);
  }
  // Device reports pass through to the session.
  set ondevicechange(fn: MicrophoneSource['ondevicechange']) {
    this.inner.ondevicechange = fn;
  }
  set ondeviceerror(fn: MicrophoneSource['ondeviceerror']) {
    this.inner.ondeviceerror = fn;
  }
  set onwarning(fn: MicrophoneSource['onwarning']) {
    this.inner.onwarning = fn;
  }
  resumeAudio(): Promise<void> {
    return this.inner.resumeAudio();
  }
}

const log: { event: string; data: unknown; at: number }[] = [];
/** The page's sockets, so tests can read bufferedAmount. */
const sockets: WebSocket[] = [];
class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}
let transcriber: Transcriber | undefined;
let source: CountingSource | undefined;
let ownContext: AudioContext | undefined;
let starting: ReturnType<typeof harness.start> | undefined;
/** The capture of the last start(), kept to check that it was released however the session ended. */
let held: { stream: MediaStream | undefined; context: AudioContext | undefined } = { stream: undefined, context: undefined };

const plain = (value: unknown): unknown => {
  if (value instanceof EarshotError) return { name: value.name, code: value.code, message: value.message, retriable: value.retriable };
  const copy = JSON.parse(JSON.stringify(value ?? null));
  // An event that carries an error (`reconnecting`'s cause): keep its message, which JSON leaves out.
  const cause = (value as { cause?: unknown } | null)?.cause;
  if (cause instanceof EarshotError) copy.cause = plain(cause);
  return copy;
};

const harness = {
  log,
  async start(options: StartOptions = {}) {
    ownContext = options.contextRate ? new AudioContext({ sampleRate: options.contextRate }) : undefined;
    const mic = new MicrophoneSource({
      ...(options.raw ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false } : {}),
      ...(ownContext ? { audioContext: ownContext } : {}),
      ...(options.workletUrl ? { workletUrl: options.workletUrl } : {}),
      ...(options.suspendedErrorMs ? { suspendedErrorMs: options.suspendedErrorMs } : {}),
    });
    source = new CountingSource(mic);
    transcriber = new Transcriber({
      token: '/api/token',
      ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
      ...(options.chunkMs ? { chunkMs: options.chunkMs } : {}),
      ...(options.highWaterBytes ? { highWaterBytes: options.highWaterBytes } : {}),
      ...(options.maxBufferedMs ? { maxBufferedMs: options.maxBufferedMs } : {}),
      ...(options.reconnect !== undefined ? { reconnect: options.reconnect } : {}),
      ...(options.sampleRate ? { sampleRate: options.sampleRate } : {}),
      ...(options.halfOpenTimeoutMs ? { halfOpenTimeoutMs: options.halfOpenTimeoutMs } : {}),
      ...(options.stallWarningMs ? { stallWarningMs: options.stallWarningMs } : {}),
      WebSocket: TrackedWebSocket,
    });
    for (const event of ['state', 'begin', 'speechStarted', 'partial', 'final', 'termination', 'warning', 'error', 'close', 'reconnecting', 'reconnected', 'deviceChange'] as const) {
      transcriber.on(event, ((data: unknown) => void log.push({ event, data: plain(data), at: performance.now() })) as never);
    }
    const started = performance.now();
    try {
      const begin = await transcriber.start({ source });
      held = { stream: mic.mediaStream, context: mic.audioContext };
      return { ok: true, begin, startMs: performance.now() - started, contextRate: mic.audioContext?.sampleRate };
    } catch (err) {
      return { ok: false, error: plain(err) };
    }
  },
  /** Starts without waiting for Begin (engines whose microphone is played into once capture runs). */
  begin(options: StartOptions = {}) {
    starting = harness.start(options);
  },
  /** What the start() begun by `begin` settled with. */
  started: () => starting,
  async stop() {
    const mic = source!.inner;
    const stream = mic.mediaStream;
    const context = mic.audioContext;
    const termination = await transcriber!.stop();
    await ownContext?.close();
    return {
      termination,
      tracks: stream?.getTracks().map((t) => t.readyState) ?? [],
      context: context?.state,
      capturedSamples: source!.samples,
      frames: source!.frames,
      capturedAt: source!.capturedAt,
      state: transcriber!.state,
    };
  },
  /** The last capture's tracks and AudioContext, without stopping anything. */
  released: () => ({ tracks: held.stream?.getTracks().map((t) => t.readyState) ?? [], context: held.context?.state }),
  finals: () => log.filter((l) => l.event === 'final').map((l) => (l.data as { transcript: string }).transcript),
  events: (name: string) => log.filter((l) => l.event === name).map((l) => l.data),
  state: () => transcriber?.state,
  bufferedAmount: () => sockets.at(-1)?.bufferedAmount ?? 0,
  bufferedAudioMs: () => transcriber?.bufferedAudioMs ?? 0,
  microphones: () => listMicrophones(),
  permission: () => microphonePermission(),
  paused: () => transcriber?.isPaused,
  capturedSamples: () => source?.samples ?? 0,
  /** Simulates unplugging: the track ends as the browser ends it when its device goes away. */
  unplug() {
    const track = source!.inner.mediaStream!.getAudioTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  },
  /** Takes a capture feature away, as a browser without it would be (the unsupported-browser rows). */
  removeFeature(feature: 'AudioContext' | 'AudioWorklet' | 'getUserMedia') {
    const w = window as unknown as Record<string, unknown>;
    if (feature === 'AudioContext') delete w.AudioContext;
    else if (feature === 'AudioWorklet') delete w.AudioWorkletNode;
    else Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
  },
  /** The AudioContext's state while capturing. */
  contextState: () => source?.inner.audioContext?.state,
  /** Stops the worklet's frames behind the session's back (a source that hangs, whatever the cause). */
  hangSource: () => source!.inner.pause(),
  /** Suspends the capture's AudioContext, as Safari does on an interruption or a background tab. */
  suspendContext: () => source!.inner.audioContext!.suspend(),
  /**
   * An autoplay policy, the same in every engine: until the first pointer or key press, new AudioContexts start
   * suspended and resume() does not settle. (The engines' own policies cannot be driven here: Firefox and
   * WebKit let a page that captures the microphone play audio, and Playwright's evaluate is a user gesture in
   * Chromium.) Installed before the SDK's listeners, so the policy lifts before they run, as in a browser.
   */
  emulateAutoplayPolicy() {
    let allowed = false;
    const realResume = AudioContext.prototype.resume;
    for (const type of ['pointerdown', 'keydown']) addListener(type, () => (allowed = true), { capture: true });
    AudioContext.prototype.resume = function (this: AudioContext) {
      return allowed ? realResume.call(this) : new Promise<void>(() => undefined);
    };
    const Real = AudioContext;
    window.AudioContext = class extends Real {
      constructor(options?: AudioContextOptions) {
        super(options);
        if (!allowed) void this.suspend();
      }
    };
  },
  /** From now on resume() never settles: an interruption that does not end (a phone call that goes on). */
  blockResume() {
    AudioContext.prototype.resume = () => new Promise<void>(() => undefined);
  },
  /** From now on no microphone can be opened. */
  noMoreMicrophones() {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
  },
  /** `n` start/stop cycles; returns what was left behind. */
  async cycles(n: number) {
    const baseline = listenerCount.pagehide ?? 0;
    const tracks: MediaStreamTrack[] = [];
    const contexts: AudioContext[] = [];
    let failures = 0;
    for (let i = 0; i < n; i++) {
      const mic = new MicrophoneSource();
      const t = new Transcriber({ token: '/api/token', ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}) });
      try {
        await t.start({ source: mic });
        tracks.push(...mic.mediaStream!.getTracks());
        contexts.push(mic.audioContext!);
      } catch {
        failures++;
      }
      await t.stop();
    }
    return {
      failures,
      liveTracks: tracks.filter((t) => t.readyState !== 'ended').length,
      openContexts: contexts.filter((c) => c.state !== 'closed').length,
      pagehideListeners: (listenerCount.pagehide ?? 0) - baseline,
      cycles: tracks.length,
    };
  },
};

declare global {
  interface Window {
    earshot: typeof harness;
  }
}
window.earshot = harness;
