/**
 * The capture processor as build/worklet-plugin.ts provides it. In the published package, `packagedWorklet()` is
 * a URL to its own `worklet.js` — `new URL('./worklet.js?no-inline', import.meta.url)`, which Vite, webpack and
 * Turbopack emit as an asset file and a plain page resolves beside `index.js` — and there is no inline loader.
 * When the client runs from source (this repository's pages and tests) there is no such file: `packagedWorklet()`
 * is undefined and `loadInlineWorklet` loads the processor's bundled code inline.
 */
declare module 'virtual:earshot-worklet' {
  export function packagedWorklet(): URL | undefined;
  export const loadInlineWorklet: ((context: BaseAudioContext) => Promise<void>) | undefined;
}
