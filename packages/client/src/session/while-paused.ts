/**
 * What a pause does to an open session that the service would end for inactivity (`inactivityTimeout`, seconds):
 * `'keepAlive'` sends KeepAlive every half timeout; `'stop'` ends the session cleanly 1.5 s before the service
 * would (resume() then starts a new one). Nothing without an inactivity timeout. Returns what cancels it.
 */
export function whilePaused(timeoutS: number | undefined, mode: 'keepAlive' | 'stop', keepAlive: () => void, stop: () => void): () => void {
  const ms = (timeoutS ?? 0) * 1000;
  const timer = ms ? (mode === 'keepAlive' ? setInterval(keepAlive, ms / 2) : setTimeout(stop, Math.max(0, ms - 1500))) : undefined;
  return () => clearInterval(timer);
}
