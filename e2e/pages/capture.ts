// A page for the browser tests: the public API only, driven from Playwright through `window.earshot`.
import { EarshotError, MicrophoneSource, Transcriber, type AudioFormat, type AudioFrame, type AudioSource } from '@earshot/client';

interface StartOptions {
  /** Run our AudioContext at this rate (a laptop's 48 kHz); default: the browser's own. */
  contextRate?: number;
  /** Turn echo cancellation, noise suppression and auto gain off (bit-faithful capture). */
  raw?: boolean;
  chunkMs?: number;
  /** Load the worklet from this URL instead of inline. */
  workletUrl?: string;
}

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
}

const log: { event: string; data: unknown; at: number }[] = [];
let transcriber: Transcriber | undefined;
let source: CountingSource | undefined;
let ownContext: AudioContext | undefined;

const plain = (value: unknown): unknown =>
  value instanceof EarshotError ? { name: value.name, code: value.code, message: value.message, retriable: value.retriable } : JSON.parse(JSON.stringify(value ?? null));

const harness = {
  log,
  async start(options: StartOptions = {}) {
    ownContext = options.contextRate ? new AudioContext({ sampleRate: options.contextRate }) : undefined;
    const mic = new MicrophoneSource({
      ...(options.raw ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false } : {}),
      ...(ownContext ? { audioContext: ownContext } : {}),
      ...(options.workletUrl ? { workletUrl: options.workletUrl } : {}),
    });
    source = new CountingSource(mic);
    transcriber = new Transcriber({
      token: '/api/token',
      ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
      ...(options.chunkMs ? { chunkMs: options.chunkMs } : {}),
    });
    for (const event of ['state', 'begin', 'speechStarted', 'partial', 'final', 'termination', 'warning', 'error', 'close'] as const) {
      transcriber.on(event, ((data: unknown) => void log.push({ event, data: plain(data), at: performance.now() })) as never);
    }
    const started = performance.now();
    try {
      const begin = await transcriber.start({ source });
      return { ok: true, begin, startMs: performance.now() - started, contextRate: mic.audioContext?.sampleRate };
    } catch (err) {
      return { ok: false, error: plain(err) };
    }
  },
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
  finals: () => log.filter((l) => l.event === 'final').map((l) => (l.data as { transcript: string }).transcript),
};

declare global {
  interface Window {
    earshot: typeof harness;
  }
}
window.earshot = harness;
