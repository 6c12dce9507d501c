import { loadInlineWorklet, packagedWorklet } from 'virtual:earshot-worklet';
import { CaptureError } from '../errors.js';

const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Loads the capture processor into `context` once: from `workletUrl` when given, else from the package's own
 * `worklet.js`, which the app's bundler emits as a file (so it loads under `script-src 'self'`). Run from
 * source, the processor is inline instead: a Blob URL (needs `blob:` in `script-src`), then a `data:` URL.
 * @throws {CaptureError} `worklet_load_failed` when it cannot load.
 */
export function loadCaptureWorklet(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  let pending = loaded.get(context);
  if (!pending) {
    loaded.set(context, (pending = load(context, workletUrl)));
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

/**
 * The processor's module, once: the `workletUrl` given, else the package's own file, else (from source) inline.
 * Capture checked for AudioWorklet before it made the context (browser-support.ts).
 */
async function load(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  // One of the two is there: the package's file in the published build, the inline loader from source.
  const url = (workletUrl || packagedWorklet())!;
  if (!url && loadInlineWorklet) return loadInlineWorklet(context);
  try {
    await context.audioWorklet.addModule(url);
  } catch (cause) {
    // What to do about it, from where it came: a bundler's inlined data: URL, or the package's own file.
    const hint = /^data:/i.test(String(url))
      ? ': allow data: in script-src, or import it with ?url&no-inline'
      : workletUrl
        ? ''
        : ': serve @earshot/client/worklet, pass its URL as workletUrl';
    throw new CaptureError('worklet_load_failed', `Worklet not loaded from ${describeUrl(url)}${hint}`, { cause });
  }
}
