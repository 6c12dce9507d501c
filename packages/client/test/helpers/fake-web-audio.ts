// A fake browser for unit tests of the audio sources' own logic in Node (the real engines run in e2e/): an
// AudioContext, an AudioWorkletNode that answers 'stop' the way capture-processor.ts does, a MediaStream with one
// track, and getUserMedia. Each option bends it the way one browser or one failure does.
import { vi } from 'vitest';

export interface FakeWebAudioOptions {
  /** The state a new context starts in (default 'running'). */
  state?: 'running' | 'suspended';
  /** A suspended context's resume() pends for ever (an autoplay policy without a gesture). */
  autoplayBlocked?: boolean;
  /** Firefox: a second close() rejects, and closing takes a few ms. */
  firefoxClose?: boolean;
  /** ms the worklet module takes to load (default 0). */
  addModuleMs?: number;
  /**
   * What a module load does when its context was closed before it finished (Chromium, a stop() meanwhile):
   * rejects (default), or never settles ('hang').
   */
  closedLoad?: 'reject' | 'hang';
  /** How the worklet answers 'stop': after `ms` (default: a microtask), with `partial` first; never with 'never'. */
  flush?: { ms?: number; partial?: Int16Array } | 'never';
  /** Where the graph fails: making the worklet node, or connecting the stream. */
  fail?: 'node' | 'input';
}

/** One microphone track, as the browser's recording indicator sees it. */
export interface FakeTrack {
  stopped: boolean;
  stop(): void;
  addEventListener(): void;
  getSettings(): object;
  label: string;
}

/** Stubs the globals; returns every context made, the track getUserMedia opens and a stream carrying it. */
export function fakeWebAudio(o: FakeWebAudioOptions = {}) {
  const contexts: FakeAudioContext[] = [];
  class FakeAudioContext extends EventTarget {
    state: string = o.state ?? 'running';
    sampleRate = 48000;
    closing = false;
    audioWorklet = {
      addModule: () =>
        new Promise<void>((resolve, reject) => {
          const loaded = () => {
            if (this.state !== 'closed') resolve();
            else if (o.closedLoad !== 'hang') reject(new DOMException('The user aborted a request.', 'AbortError'));
          };
          if (o.addModuleMs) setTimeout(loaded, o.addModuleMs);
          else loaded();
        }),
    };
    constructor() {
      super();
      contexts.push(this);
    }
    createMediaStreamSource() {
      // Firefox: "Connecting AudioNodes from AudioContexts with different sample-rate is currently not supported."
      if (o.fail === 'input') throw new DOMException('different sample-rate', 'NotSupportedError');
      return { connect() {}, disconnect() {} };
    }
    resume(): Promise<void> {
      return o.autoplayBlocked ? new Promise<void>(() => undefined) : Promise.resolve();
    }
    /** Moves to `state` and says so, as a browser does. */
    set(state: string): void {
      this.state = state;
      this.dispatchEvent(new Event('statechange'));
    }
    close(): Promise<void> {
      if (!o.firefoxClose) return Promise.resolve(this.set('closed'));
      if (this.closing) return Promise.reject(new DOMException('Cannot close', 'InvalidStateError'));
      this.closing = true;
      return new Promise<void>((r) => setTimeout(() => r(this.set('closed')), 5));
    }
  }
  class FakeNode {
    port = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      // What capture-processor.ts does on 'stop' (in any context state): its partial frame, then 'flushed'.
      postMessage: (m: { type: string }) => {
        const flush = o.flush ?? {};
        if (m.type !== 'stop' || flush === 'never') return;
        const answer = () => {
          if (flush.partial) this.port.onmessage?.({ data: { pcm: flush.partial, rms: 0.1, peak: 0.1, time: 1 } });
          this.port.onmessage?.({ data: {} });
        };
        if (flush.ms) setTimeout(answer, flush.ms);
        else queueMicrotask(answer);
      },
    };
    constructor() {
      // A workletUrl that loads but is not Earshot's processor: "node name is not defined".
      if (o.fail === 'node') throw new DOMException("node name 'earshot-capture' is not defined", 'InvalidStateError');
    }
    disconnect() {}
  }
  const track: FakeTrack = { stopped: false, stop() { this.stopped = true; }, addEventListener() {}, getSettings: () => ({}), label: 'mic' };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => stream } });
  return { contexts, track, stream, FakeAudioContext };
}

/** The format every test captures in. */
export const FORMAT = { sampleRate: 16000, chunkSamples: 800 };
