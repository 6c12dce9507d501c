import type { CaptureError } from '../errors.js';

/** What a source must deliver: PCM16 mono at `sampleRate`, in frames of exactly `chunkSamples` (the last may be shorter). */
export interface AudioFormat {
  sampleRate: number;
  chunkSamples: number;
}

/** One frame of captured audio with its level (0–1), computed on the audio thread for free. */
export interface AudioFrame {
  pcm: Int16Array;
  rms: number;
  peak: number;
}

/** A capture problem that does not end capture: audio is not flowing and the app should know why. */
export interface CaptureWarning {
  /** `audio_suspended`: the AudioContext is suspended or interrupted (an autoplay policy, a call, the page). */
  code: 'audio_suspended';
  /** What happened and what the app should do. */
  message: string;
  /** The AudioContext's state (`suspended`, `interrupted`). */
  state: string;
  /** True when capture is starting (an autoplay policy), false when it stopped mid-capture. */
  atStart: boolean;
}

/**
 * Anything that produces audio for a {@link Transcriber}: the microphone, any MediaStream, or PCM/a file.
 * Implement it to bring your own capture.
 */
export interface AudioSource {
  /** Starts delivering frames to `onFrame`. Rejects with a {@link CaptureError} when capture cannot start. */
  start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void>;
  /** Stops, delivering what was captured up to now first, and releases the device. */
  stop(): Promise<void>;
  /** Stops delivering frames (audio is dropped) until `resume()`. */
  pause(): void;
  resume(): void;
  /** Muted, frames carry silence: the session's clock and inactivity timer go on. */
  setMuted(muted: boolean): void;
  /** Set by the Transcriber: the source switched to another device (a microphone was unplugged). */
  ondevicechange?: ((device: { deviceId: string; label: string }) => void) | null;
  /** Set by the Transcriber: the device went away and no other could be opened, or audio stopped for good. */
  ondeviceerror?: ((error: CaptureError) => void) | null;
  /** Set by the Transcriber: audio stopped flowing for a reason the app can act on (see {@link CaptureWarning}). */
  onwarning?: ((warning: CaptureWarning) => void) | null;
  /** Resumes audio a browser stopped (a suspended AudioContext). Call it from a user gesture. */
  resumeAudio?(): Promise<void>;
}
