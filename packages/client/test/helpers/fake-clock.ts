import { afterEach, beforeEach, vi } from 'vitest';
import { FakeWebSocket } from './fake-websocket.js';

/** Every test of the calling file runs on a fake clock with fresh fake sockets, and leaves no stubbed global behind. */
export function useFakeClockAndSockets(): void {
  beforeEach(() => {
    FakeWebSocket.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
}
