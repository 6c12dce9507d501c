import { describe, expect, it } from 'vitest';
import { describeUrl, loadCaptureWorklet } from '../../src/audio/worklet-loader.js';
import { CaptureError } from '../../src/errors.js';

/** A context whose AudioWorklet refuses every module, as a browser does under a strict CSP; records each URL. */
function refusingContext(): { context: BaseAudioContext; tried: string[] } {
  const tried: string[] = [];
  const audioWorklet = {
    addModule: (url: string) => {
      tried.push(url);
      return Promise.reject(new DOMException('Refused by Content-Security-Policy', 'AbortError'));
    },
  };
  return { context: { audioWorklet } as unknown as BaseAudioContext, tried };
}

async function failure(context: BaseAudioContext, workletUrl?: string | URL): Promise<CaptureError> {
  const error: unknown = await loadCaptureWorklet(context, workletUrl).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CaptureError);
  return error as CaptureError;
}

describe('worklet load errors', () => {
  it('name an inlined data: URL by kind and length, never print it, and say how to keep it a file', async () => {
    // What Vite makes of `@earshot/client/worklet?url` in a production build: ~4 kB of base64.
    const dataUrl = `data:text/javascript;base64,${Buffer.alloc(2900, 7).toString('base64')}`;
    const { context } = refusingContext();
    const error = await failure(context, dataUrl);
    expect(error.code).toBe('worklet_load_failed');
    expect(error.message).toContain(`a data: URL (${dataUrl.length} characters)`);
    expect(error.message).toContain('?url&no-inline');
    expect(error.message).not.toContain('base64,');
    expect(error.message.length).toBeLessThan(240);
  });

  it('cut a very long URL of any kind', () => {
    const long = `https://cdn.example/${'a'.repeat(5000)}/worklet.js`;
    expect(describeUrl(long).length).toBeLessThanOrEqual(120);
    expect(describeUrl(new URL('blob:https://app.example/0f6c'))).toBe('a blob: URL (29 characters)');
    expect(describeUrl('/assets/worklet-3f2a.js')).toBe('/assets/worklet-3f2a.js');
  });

  it('show a short served URL whole, with the cause kept', async () => {
    const { context } = refusingContext();
    const error = await failure(context, '/static/worklet.js');
    expect(error.message).toBe('Worklet not loaded from /static/worklet.js');
    expect(error.cause).toBeInstanceOf(DOMException);
  });

  it('from source, fall back from a Blob URL to a data: URL, then fail with a typed error', async () => {
    const { context, tried } = refusingContext();
    const error = await failure(context);
    expect(tried.map((u) => u.slice(0, 5))).toEqual(['blob:', 'data:']);
    expect(error.message).toMatch(/^Inline worklet blocked/);
  });

  it('load once per context, and try again after a failure', async () => {
    const { context, tried } = refusingContext();
    await failure(context, '/w.js');
    await failure(context, '/w.js');
    expect(tried).toEqual(['/w.js', '/w.js']);
    let calls = 0;
    const ok = { audioWorklet: { addModule: () => (calls++, Promise.resolve()) } } as unknown as BaseAudioContext;
    await Promise.all([loadCaptureWorklet(ok, '/w.js'), loadCaptureWorklet(ok, '/w.js')]);
    expect(calls).toBe(1);
  });
});
