import workletSource from 'virtual:earshot-worklet';
import { CaptureError } from '../errors.js';

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Loads the capture processor into `context` once: from `workletUrl` when given (strict CSP: `script-src
 * 'self'`), else inline from a Blob URL (needs `blob:` in `script-src`), then a `data:` URL (Safari iframes).
 */
export function loadCaptureWorklet(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  let pending = loaded.get(context);
  if (!pending) {
    pending = load(context, workletUrl);
    loaded.set(context, pending);
    pending.catch(() => loaded.delete(context));
  }
  return pending;
}

async function load(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  if (!context.audioWorklet) {
    throw new CaptureError('unsupported_browser', 'No AudioWorklet (needs a secure context)');
  }
  if (workletUrl !== undefined) {
    try {
      await context.audioWorklet.addModule(String(workletUrl));
      return;
    } catch (cause) {
      throw new CaptureError('worklet_load_failed', `Worklet not loaded from ${workletUrl}`, { cause });
    }
  }
  const blobUrl = URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(blobUrl);
    return;
  } catch {
    // blob: refused (CSP without blob:, some iframes): try a data: URL next.
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
  try {
    await context.audioWorklet.addModule(`data:text/javascript;charset=utf-8,${encodeURIComponent(workletSource)}`);
  } catch (cause) {
    throw new CaptureError('worklet_load_failed', 'Inline worklet blocked (CSP?): serve @earshot/client/worklet, pass workletUrl', { cause });
  }
}
