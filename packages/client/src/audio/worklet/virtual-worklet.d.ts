/** The worklet's bundled code, provided by build/worklet-plugin.ts. */
declare module 'virtual:earshot-worklet' {
  const source: string;
  export default source;
}
