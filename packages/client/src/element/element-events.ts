import type { SessionState, TranscriberEvents } from '../session/events.js';

/**
 * The DOM events `<earshot-captions>` dispatches: every Transcriber event, as a `CustomEvent` of the same name whose
 * `detail` is the event's payload (`state`: `{ state, previous }`; `vadMisfire`: `undefined`). With it
 * `el.addEventListener('final', (e) => e.detail.transcript)` type-checks.
 */
export type EarshotCaptionsEventMap = {
  [K in keyof TranscriberEvents]: CustomEvent<
    K extends 'state' ? { state: SessionState; previous: SessionState } : TranscriberEvents[K] extends [infer D, ...unknown[]] ? D : undefined
  >;
};
