import { loadInlineWorklet, packagedWorklet } from 'virtual:earshot-worklet';
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
  if (url === undefined && loadInlineWorklet) return loadInlineWorklet(context);
  const href = String(url);
  try {
    await context.audioWorklet.addModule(href);
  } catch (cause) {
    throw new CaptureError('worklet_load_failed', `Worklet not loaded from ${describeUrl(href)}${loadHint(href, workletUrl)}`, { cause });
  }
}

/** What to do about a worklet that did not load, from where it came. */
function loadHint(url: string, workletUrl: string | URL | undefined): string {
  if (/^data:/i.test(url)) return ': a data: URL needs data: in script-src (Vite inlines small files: import it with ?url&no-inline)';
  if (workletUrl === undefined) return ': serve @earshot/client/worklet (dist/worklet.js) yourself and pass its URL as workletUrl';
  return '';
}
