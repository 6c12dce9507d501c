import { CaptureError } from '../../errors.js';

/**
 * Loads the processor from its code: a Blob URL (needs `blob:` in `script-src`), then a `data:` URL. Used only
 * when the client runs from source; the published package loads its `worklet.js` file instead.
 * @throws {CaptureError} `worklet_load_failed` when both are refused.
 */
export async function loadInline(context: BaseAudioContext, source: string): Promise<void> {
  const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(blobUrl);
    return;
  } catch {
    // blob: refused (CSP without blob:, some iframes): try a data: URL next.
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
  try {
    await context.audioWorklet.addModule(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`);
  } catch (cause) {
    throw new CaptureError('worklet_load_failed', 'Inline worklet blocked (CSP?): serve @earshot/client/worklet, pass workletUrl', { cause });
  }
}
