/**
 * The service's exact texts (spec §2, §6.6, §7, §9), in one place so the emulator and its tests agree
 * with the live service letter for letter.
 */
export const Texts = {
  missingAuth: 'Unauthorized Connection: Missing Authorization header',
  invalidKey: 'Unauthorized Connection: Invalid API key',
  expiredToken: 'Unauthorized Connection: Signature has expired',
  tooManySessions: 'Unauthorized Connection: Too many concurrent sessions',
  sessionCancelled: 'Session Cancelled: An error occurred',
  sessionExpired: 'Session Expired: Maximum session duration exceeded',
  invalidParam: (param: string, detail: string) => `User Input Validation Error: Invalid '${param}': ${detail}`,
  invalidJson: (detail: string) => `User Input Validation Error: Invalid JSON: ${detail}`,
  invalidMessage: (message: string) => `Invalid Message: ${message}`,
  invalidMessageType: (type: string) => `Invalid Message Type: ${type}`,
  inactivity: (seconds: number) => `Session terminated due to inactivity: No messages received for ${seconds} seconds`,
  chunkDuration: (ms: number) => `Input Duration Error: Input Duration Violation: ${ms.toFixed(1)} ms. Expected between 50 and 1000 ms`,
  rateExceeded: (audioSec: number, wallSec: number) =>
    `Input Duration Error: Audio Transmission Rate Exceeded: Received ${audioSec.toFixed(1)} sec. audio in ${wallSec.toFixed(1)} sec`,
  /** The close reason that accompanies every Error frame (§5.5). */
  errorCloseReason: 'See Error message for details',
  /** The close reason after Termination (§5.4). */
  sessionEnded: 'Session Ended',
} as const;

/** The API version echoed in Begin.configuration (§2). */
export const API_VERSION = '2025-05-12';
