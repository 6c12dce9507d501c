// For the test pages that check nothing is left running however a session ended: tracks every microphone track and
// AudioContext made on the page (import this module before any is made), and every error nobody caught.

/** Every microphone track `getUserMedia` handed out on this page. */
export const tracks: MediaStreamTrack[] = [];
/** Every AudioContext made on this page (the SDK's and the app's). */
export const contexts: AudioContext[] = [];
/** Uncaught errors and unhandled rejections, as text. */
export const uncaught: string[] = [];

const realGum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (c) => {
  const stream = await realGum(c);
  tracks.push(...stream.getTracks());
  return stream;
};
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  constructor(options?: AudioContextOptions) {
    super(options);
    contexts.push(this);
  }
};
window.addEventListener('error', (e) => uncaught.push(`error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => uncaught.push(`unhandledrejection: ${String((e.reason as Error)?.message ?? e.reason)}`));

/** What is still running: live tracks, and contexts not closed (but `except`, one the app keeps). */
export const leftovers = (except?: AudioContext) => ({
  liveTracks: tracks.filter((k) => k.readyState !== 'ended').length,
  openContexts: contexts.filter((c) => c.state !== 'closed' && c !== except).length,
});
