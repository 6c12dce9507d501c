import type { EarshotError, SessionState, Transcriber, TranscriberOptions, TurnMessage } from '@earshot/client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { INITIAL_SNAPSHOT, TranscriberStore } from './transcriber-store.js';

/** Options of {@link useTranscriber}: the Transcriber's, plus `autoStart`. */
export interface UseTranscriberOptions extends TranscriberOptions {
  /** Start a session when the component mounts (and stop it when it unmounts). Default false. */
  autoStart?: boolean;
}

/** What {@link useTranscriber} returns. */
export interface UseTranscriberResult {
  /** The session's state: `idle`, `connecting`, `open`, `reconnecting`, `closing` or `closed`. */
  state: SessionState;
  /** Every settled turn's text and the current partial's, separated by spaces (kept across sessions until `clear()`). */
  transcript: string;
  /** The turn still being heard, or undefined. */
  partial: TurnMessage | undefined;
  /** Settled turns, oldest first, across sessions until `clear()`. */
  finals: readonly TurnMessage[];
  /** Input level (RMS, 0–1) of the latest 50 ms frame; 0 when no session runs. */
  level: number;
  /** The last error, until the next `start()`. A start cancelled by `stop()` is not an error. */
  error: EarshotError | undefined;
  /** Opens the microphone and a session with the latest options; nothing if one runs. Never rejects (see `error`). */
  start(): Promise<void>;
  /** Ends the session (or cancels a start) and releases the microphone. */
  stop(): Promise<void>;
  /** Stops sending audio; the session stays open. */
  pause(options?: { releaseMicrophone?: boolean }): Promise<void>;
  resume(): Promise<void>;
  /** Forgets the captions shown so far. */
  clear(): void;
  /** The current session's Transcriber (undefined before the first start), for events the hook does not map. */
  transcriber: Transcriber | undefined;
}

const serverSnapshot = () => INITIAL_SNAPSHOT;

/**
 * Live captions from the microphone in a React component.
 *
 * - One session at a time per component; the session is stopped and the microphone released on unmount.
 * - Under StrictMode's mount → unmount → mount, `autoStart` opens exactly one session.
 * - The options are read when a session starts: passing a new object every render restarts nothing.
 * - Renders on the server (and hydrates) without touching `window`: the state is `idle` there.
 *
 * @example
 * const { state, finals, partial, start, stop } = useTranscriber({ token: '/api/token' });
 */
export function useTranscriber(options: UseTranscriberOptions): UseTranscriberResult {
  const [store] = useState(() => new TranscriberStore());
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, serverSnapshot);
  const start = useCallback(() => {
    const { autoStart: _auto, ...transcriberOptions } = latest.current;
    return store.start(transcriberOptions);
  }, [store]);
  const autoStart = options.autoStart ?? false;
  useEffect(() => {
    // StrictMode mounts, unmounts and mounts again in one go: deferring the start by a task lets that first
    // unmount cancel it, so one session opens, not two.
    const timer = autoStart ? setTimeout(() => void start(), 0) : undefined;
    return () => {
      clearTimeout(timer);
      void store.stop();
    };
  }, [store, start, autoStart]);
  return {
    state: snapshot.state,
    transcript: snapshot.captions.transcript,
    partial: snapshot.captions.partial,
    finals: snapshot.captions.finals,
    level: snapshot.level,
    error: snapshot.error,
    start,
    stop: useCallback(() => store.stop(), [store]),
    pause: useCallback((o?: { releaseMicrophone?: boolean }) => store.pause(o), [store]),
    resume: useCallback(() => store.resume(), [store]),
    clear: useCallback(() => store.clear(), [store]),
    transcriber: store.transcriber,
  };
}
