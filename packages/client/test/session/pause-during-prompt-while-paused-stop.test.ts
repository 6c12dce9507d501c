// pause() while start() still opens capture is recorded and takes effect once capture is open,
// never cancelling it. With whilePaused 'stop', the pause's timer ends the session 1.5 s before the service's
// inactivity timeout would — a timeout that only runs once the session is open. A user who clicks Pause while
// the permission prompt is up and takes a few seconds to answer it must still get a started, paused session.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { AudioFormat, AudioFrame } from '../../src/audio/audio-source.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** A source whose start() waits for `open()`: a permission prompt nobody has answered yet. */
class PromptSource extends ScriptedSource {
  open: (() => void) | undefined;
  override async start(format: AudioFormat, onFrame: (f: AudioFrame) => void): Promise<void> {
    await new Promise<void>((r) => (this.open = r));
    return super.start(format, onFrame);
  }
}

it("whilePaused 'stop': Pause during a permission prompt answered 4 s later — start() still succeeds, paused", async () => {
  const t = make({ inactivityTimeout: 5, whilePaused: 'stop' });
  const source = new PromptSource();
  let outcome = 'pending';
  const starting = t.start({ source }).then(() => (outcome = 'resolved'), (e: { code?: string }) => (outcome = `rejected ${e.code}`));
  await vi.advanceTimersByTimeAsync(1);
  await t.pause();
  await vi.advanceTimersByTimeAsync(4000); // the user reads the prompt
  source.open?.();
  await vi.advanceTimersByTimeAsync(1);
  const before = FakeWebSocket.instances.length;
  if (before) FakeWebSocket.last.serverBegin('s1');
  await vi.advanceTimersByTimeAsync(1);
  await starting;
  expect(outcome).toBe('resolved');
  expect(t.state).toBe('open');
  expect(t.isPaused).toBe(true);
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(20_000)]);
});

// Its sibling: the pause made during start-up is still timed, from the Begin — the session it paused ends
// cleanly before the service's inactivity timeout would (and not before the session began).
it("whilePaused 'stop': a pause during start-up is timed from the Begin, and ends the session before the service would", async () => {
  const t = make({ inactivityTimeout: 5, whilePaused: 'stop' });
  const source = new PromptSource();
  const starting = t.start({ source });
  await vi.advanceTimersByTimeAsync(1);
  await t.pause();
  source.open?.();
  await vi.advanceTimersByTimeAsync(1);
  FakeWebSocket.last.serverBegin('s1');
  await starting;
  await vi.advanceTimersByTimeAsync(3000);
  expect(t.state).toBe('open');
  await vi.advanceTimersByTimeAsync(600); // 3.5 s after the Begin: 1.5 s before the service's 5 s
  expect(t.state).not.toBe('open');
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(20_000)]);
});
