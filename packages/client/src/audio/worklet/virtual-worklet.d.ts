/**
 * The capture processor as build/worklet-plugin.ts provides it. In the published package: a URL to its own
 * `worklet.js`, `new URL('./worklet.js?no-inline', import.meta.url)`, which Vite, webpack and Turbopack emit as
 * an asset file and a plain page resolves beside `index.js`. When the client runs from source (this repository's
 * pages and tests): the processor's bundled code as a string, loaded inline.
 */
declare module 'virtual:earshot-worklet' {
  export function packagedWorklet(): URL | string;
}
