/**
 * vad-web 0.0.31 prints its progress with console.log ("VAD | debug > Loading VAD...", "using custom audio
 * context", …) on every load, start and destroy, with no option to turn it off. While one of its calls runs,
 * those lines — and only those — are dropped; warnings and errors still print.
 */
const CHATTER = /^(VAD \| debug >|using (custom|default) audio context)/;
let depth = 0;
let original: typeof console.log | undefined;

export async function quietVadLog<T>(call: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    original = console.log;
    const keep = original;
    console.log = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && CHATTER.test(args[0])) return;
      keep.apply(console, args);
    };
  }
  try {
    return await call();
  } finally {
    if (--depth === 0 && original) {
      console.log = original;
      original = undefined;
    }
  }
}
