/**
 * Faults the emulator injects, for tests of how clients cope. Each applies to sessions that start after it
 * is set (`emulator.faults`), or directly to a live session (`session.drop()`, `session.sendError()`, …).
 */
export interface Faults {
  /** Delay Begin by this many ms (beyond the normal Begin delay). */
  beginDelayMs?: number;
  /** Drop the connection without a close frame (the client sees 1006) this many ms after Begin. */
  dropAfterMs?: number;
  /** Drop the connection without a close frame once this many audio bytes have arrived. */
  dropAfterBytes?: number;
  /** Send an Error frame with this code (and text) then close with it, `afterMs` after Begin. */
  error?: { code: number; text?: string; afterMs?: number };
  /** Send a malformed (non-JSON) text frame this many ms after Begin; the session goes on. */
  malformedAfterMs?: number;
  /** Stop reading from the socket this many ms after Begin (the client's send buffer fills up). */
  stallAfterMs?: number;
  /** Token endpoint faults: answer slowly, fail with 500, or answer an HTML page. */
  token?: { delayMs?: number; fail?: boolean; html?: boolean };
}

/** Default texts for injected Error frames, per code (spec §9). */
export const FAULT_TEXTS: Record<number, string> = {
  1008: 'Unauthorized Connection: Invalid API key',
  3005: 'Session Cancelled: An error occurred',
  3006: 'Invalid Message Type: Injected',
  3007: 'Input Duration Error: Input Duration Violation: 20.0 ms. Expected between 50 and 1000 ms',
  3008: 'Session Expired: Maximum session duration exceeded',
  3009: 'Unauthorized Connection: Too many concurrent sessions',
};
