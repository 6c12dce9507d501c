import { packagedWorklet } from 'virtual:earshot-worklet';
import { CaptureError } from '../errors.js';

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Loads the capture processor into `context` once: from `workletUrl` when given, else from the package's own
 * `worklet.js`, which the app's bundler emits as a file (so it loads under `script-src 'self'`). Run from
 * source, the processor is inline instead: a Blob URL (needs `blob:` in `script-src`), then a `data:` URL.
 * @throws {CaptureError} `unsupported_browser` without AudioWorklet; `worklet_load_failed` when it cannot load.
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

/**
 * A URL as an error message may show it: `data:` and `blob:` URLs by kind and length (a bundler's inlined
 * asset is kilobytes of base64), others cut to 120 characters.
 */
export function describeUrl(url: string | URL): string {
  const text = String(url);
  const scheme = /^(data|blob):/i.exec(text)?.[1];
  if (scheme) return `a ${scheme.toLowerCase()}: URL (${text.length} characters)`;
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

async function load(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  if (!context.audioWorklet) {
    throw new CaptureError('unsupported_browser', 'No AudioWorklet (needs a secure context)');
  }
  const url = workletUrl ?? packagedWorklet();
  if (typeof url !== 'string' || workletUrl !== undefined) {
    try {
      await context.audioWorklet.addModule(String(url));
      return;
    } catch (cause) {
      throw new CaptureError('worklet_load_failed', `Worklet not loaded from ${describeUrl(url)}${loadHint(url, workletUrl)}`, { cause });
    }
  }
  await loadInline(context, url);
}

/** What to do about a worklet that did not load, from where it came. */
function loadHint(url: string | URL, workletUrl: string | URL | undefined): string {
  if (/^data:/i.test(String(url))) return ': a data: URL needs data: in script-src (Vite inlines small files: import it with ?url&no-inline)';
  if (workletUrl === undefined) return ': serve @earshot/client/worklet (dist/worklet.js) yourself and pass its URL as workletUrl';
  return '';
}

async function loadInline(context: BaseAudioContext, source: string): Promise<void> {
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
