// A page for the VAD browser tests: @earshot/vad's public API on Earshot's microphone, driven from Playwright.
import { EarshotError, MicrophoneSource, Transcriber, type AudioFormat, type AudioFrame } from '@earshot/client';

/** The microphone, noting the wall-clock time at which each frame's last sample was captured. */
class TimedMicrophone extends MicrophoneSource {
  readonly capturedAt: number[] = [];
  override start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    return super.start(format, (frame) => {
      const lagMs = this.audioContext ? (this.audioContext.currentTime - this.lastFrameTime) * 1000 : 0;
      this.capturedAt.push(performance.timeOrigin + performance.now() - lagMs);
      onFrame(frame);
    });
  }
}
let mic: TimedMicrophone | undefined;
import { HandsFree, createVad, type Vad, type VadOptions } from '@earshot/vad';

// Count getUserMedia calls: the detector must share Earshot's microphone, never open its own.
let getUserMediaCalls = 0;
const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
const tracks: MediaStreamTrack[] = [];
navigator.mediaDevices.getUserMedia = async (constraints) => {
  getUserMediaCalls++;
  const stream = await original(constraints);
  tracks.push(...stream.getTracks());
  return stream;
};

const log: { event: string; data: unknown; at: number }[] = [];
const reportedAt: { by: 'vad' | 'service'; wall: number }[] = [];
const wall = () => performance.timeOrigin + performance.now();
const record = (event: string) => (data?: unknown) => void log.push({ event, data: JSON.parse(JSON.stringify(data ?? null)), at: performance.now() });
const url = __EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {};
const raw = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

let transcriber: Transcriber | undefined;
let attached: Vad | undefined;
let handsFree: HandsFree | undefined;

const harness = {
  log,
  getUserMediaCalls: () => getUserMediaCalls,
  reportedAt,
  capturedAt: () => mic?.capturedAt ?? [],
  /** Transcribes the microphone with the detector attached. */
  async attach(vad: VadOptions = {}) {
    transcriber = new Transcriber({ token: '/api/token', ...url, microphone: raw });
    for (const e of ['speechStart', 'speechEnd', 'vadMisfire', 'final', 'speechStarted'] as const) transcriber.on(e, record(e) as never);
    // How much audio had been captured when each onset was reported (for the onset-latency benchmark).
    transcriber.on('speechStart', () => reportedAt.push({ by: 'vad', wall: wall() }));
    transcriber.on('speechStarted', () => reportedAt.push({ by: 'service', wall: wall() }));
    const loading = performance.now();
    attached = await createVad(vad);
    const loadMs = performance.now() - loading;
    mic = new TimedMicrophone(raw);
    await transcriber.start({ source: mic });
    await attached.attach(transcriber);
    return { loadMs };
  },
  /** Pauses, then destroys the detector, and says whether the shared tracks are still live. */
  async pauseAndDestroy() {
    const tracks = () => (transcriber!.audioSource as unknown as { mediaStream: MediaStream }).mediaStream.getTracks().map((t) => t.readyState);
    await attached!.pause();
    const afterPause = tracks();
    await attached!.destroy();
    const afterDestroy = tracks();
    return { afterPause, afterDestroy };
  },
  async stop() {
    await attached?.destroy().catch(() => undefined);
    await transcriber?.stop();
  },
  /** Hands-free mode: sessions open on speech and end after silence. */
  async handsFree(options: { endAfterSilenceMs?: number; vad?: VadOptions; throwingListeners?: boolean } = {}) {
    const { throwingListeners, ...rest } = options;
    const t = new Transcriber({ token: '/api/token', ...url });
    t.on('final', record('final') as never);
    handsFree = new HandsFree({ transcriber: t, microphone: raw, ...rest });
    // An app's listener that throws must never starve a session.
    if (throwingListeners) handsFree.on('sessionStart', () => { throw new Error('an app listener that throws'); });
    for (const e of ['speechStart', 'speechEnd', 'vadMisfire', 'sessionStart', 'sessionEnd'] as const) handsFree.on(e, record(e) as never);
    handsFree.on('error', (e) => log.push({ event: 'error', data: { name: e.name, code: e.code, earshot: e instanceof EarshotError }, at: performance.now() }));
    await handsFree.start();
  },
  /** HandsFree's stop() `afterMs` into its start() (the detector loading, the microphone opening): both settle. */
  async handsFreeStopDuringStart(afterMs: number) {
    const h = new HandsFree({ transcriber: new Transcriber({ token: '/api/token', ...url }), microphone: raw });
    const settle = (p: Promise<unknown>) => p.then(() => 'resolved', (e) => `rejected ${e instanceof EarshotError ? e.code : String(e)}`);
    const starting = settle(h.start());
    await new Promise((r) => setTimeout(r, afterMs));
    const stopped = await settle(h.stop());
    return { started: await starting, stopped };
  },
  /** Start clicked twice (a double click): both start() calls settle; returns their outcomes. */
  async handsFreeDoubleStart() {
    const h = (handsFree = new HandsFree({ transcriber: new Transcriber({ token: '/api/token', ...url }), microphone: raw }));
    h.on('sessionStart', record('sessionStart') as never);
    h.on('error', (e) => log.push({ event: 'error', data: { name: e.name, code: e.code, earshot: e instanceof EarshotError }, at: performance.now() }));
    const settle = (p: Promise<unknown>) => p.then(() => 'resolved', (e) => `rejected ${e instanceof EarshotError ? e.code : String(e)}`);
    return Promise.all([settle(h.start()), settle(h.start())]);
  },
  /** Microphone tracks still live (the browser's recording indicator). */
  liveTracks: () => tracks.filter((t) => t.readyState === 'live').length,
  async stopHandsFree() {
    await handsFree!.stop();
    return { sessions: handsFree!.sessions };
  },
  events: (name: string) => log.filter((l) => l.event === name),
};

declare global {
  interface Window {
    vadTest: typeof harness;
  }
}
window.vadTest = harness;
