// What the app passes to a source is checked where it passes it, and the microphone's failures become typed
// errors that say what to do. Node: construction and error mapping need no audio engine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertCaptureSupported } from '../../src/audio/browser-support.js';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import { captureErrorFrom, MicrophoneSource } from '../../src/audio/microphone-source.js';
import { CaptureError, UsageError } from '../../src/errors.js';

afterEach(() => void vi.unstubAllGlobals());

describe('new MediaStreamSource(stream)', () => {
  it.each([
    ['nothing', undefined, 'Undefined'],
    ['null', null, 'Null'],
    ['a promise of a stream (a missing await)', Promise.resolve(), 'Promise'],
    ['a plain object', {}, 'Object'],
  ])('given %s throws a UsageError that says to pass a MediaStream and names what it got', (_, stream, got) => {
    let error: unknown;
    try {
      new MediaStreamSource(stream as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('needs a MediaStream') });
    expect((error as Error).message).toMatch(new RegExp(`got ${got}$`));
  });

  it('takes anything with audio tracks to give (a MediaStream from this or another frame)', () => {
    const stream = { getAudioTracks: () => [], getTracks: () => [] } as unknown as MediaStream;
    expect(new MediaStreamSource(stream).mediaStream).toBe(stream);
  });

  it('is not asked of the microphone, which opens its own stream', () => {
    expect(new MicrophoneSource().mediaStream).toBeUndefined();
  });
});

describe("getUserMedia's failures", () => {
  const dom = (name: string) => new DOMException('whatever the browser says', name);
  it.each([
    ['NotAllowedError', 'mic_permission_denied', false, /permission denied/],
    ['PermissionDeniedError', 'mic_permission_denied', false, /permission denied/],
    ['NotFoundError', 'mic_not_found', false, /No microphone/],
    ['DevicesNotFoundError', 'mic_not_found', false, /No microphone/],
    ['NotReadableError', 'mic_in_use', true, /in use/],
    ['TrackStartError', 'mic_in_use', true, /in use/],
    ['OverconstrainedError', 'mic_overconstrained', false, /pick another/],
    ['SecurityError', 'insecure_context', false, /insecure page/],
    ['AbortError', 'unsupported_browser', false, /whatever the browser says/],
  ] as const)('%s becomes CaptureError %s', (name, code, retriable, message) => {
    const cause = dom(name);
    const error = captureErrorFrom(cause);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error).toMatchObject({ code, retriable, cause });
    expect(error.message).toMatch(message);
  });

  it('keeps a CaptureError as it is, and names what anything else was', () => {
    const typed = new CaptureError('mic_not_found', 'No microphone found');
    expect(captureErrorFrom(typed)).toBe(typed);
    expect(captureErrorFrom('odd')).toMatchObject({ code: 'unsupported_browser', message: 'Microphone failed: odd' });
  });
});

describe('capture support', () => {
  const browser = (secure: boolean, gum = true) => {
    vi.stubGlobal('AudioContext', class {});
    vi.stubGlobal('AudioWorkletNode', class {});
    vi.stubGlobal('isSecureContext', secure);
    vi.stubGlobal('navigator', { mediaDevices: gum ? { getUserMedia: () => undefined } : undefined });
  };

  it('passes where Web Audio, AudioWorklet and (for the microphone) getUserMedia exist', () => {
    browser(true);
    expect(() => assertCaptureSupported(true)).not.toThrow();
  });

  it('names every missing feature', () => {
    browser(true, false);
    vi.stubGlobal('AudioWorkletNode', undefined);
    expect(() => assertCaptureSupported(true)).toThrow(expect.objectContaining({ code: 'unsupported_browser', message: expect.stringMatching(/lacks AudioWorklet, getUserMedia$/) }));
    expect(() => assertCaptureSupported(false)).toThrow(expect.objectContaining({ code: 'unsupported_browser', message: expect.stringMatching(/lacks AudioWorklet$/) }));
  });

  it('says first that the microphone needs a secure page, and what to use, for any other source that it is insecure', () => {
    browser(false, false);
    vi.stubGlobal('AudioWorkletNode', undefined);
    expect(() => assertCaptureSupported(true)).toThrow(expect.objectContaining({ name: 'CaptureError', code: 'insecure_context', message: expect.stringContaining('https') }));
    expect(() => assertCaptureSupported(false)).toThrow(expect.objectContaining({ code: 'unsupported_browser', message: expect.stringMatching(/lacks AudioWorklet .*https/) }));
  });
});
