import type { EarshotError, TurnMessage } from '@earshot/client';
import type { HandsFree } from '@earshot/vad';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { HandsFreeStore, IDLE_HANDS_FREE, type UseHandsFreeOptions } from './hands-free-store.js';

export type { UseHandsFreeOptions } from './hands-free-store.js';

/** What {@link useHandsFree} returns. */
export interface UseHandsFreeResult {
  /** True from `start()` until `stop()`: the microphone and the detector are on (no session is billed yet). */
  listening: boolean;
  /** True while local voice detection hears speech. */
  speaking: boolean;
  /** True while a session is open or opening. */
  inSession: boolean;
  /** Sessions opened since `start()`. */
  sessions: number;
  transcript: string;
  partial: TurnMessage | undefined;
  finals: readonly TurnMessage[];
  error: EarshotError | Error | undefined;
  /** Loads the detector and opens the microphone; never rejects (see `error`). */
  start(): Promise<void>;
  /** Ends any session and releases the microphone. */
  stop(): Promise<void>;
  /** The HandsFree instance while listening. */
  handsFree: HandsFree | undefined;
}

const serverSnapshot = () => IDLE_HANDS_FREE;

/**
 * Hands-free captions (`@earshot/vad`, an optional peer: import from `@earshot/react/hands-free`): local voice
 * detection listens, a session opens only while someone speaks. Stopped on unmount; the options are read at
 * `start()`; SSR-safe.
 *
 * @example
 * const { listening, speaking, finals, start, stop } = useHandsFree({ token: '/api/token' });
 */
export function useHandsFree(options: UseHandsFreeOptions): UseHandsFreeResult {
  const [store] = useState(() => new HandsFreeStore());
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => () => void store.stop(), [store]);
  const s = useSyncExternalStore(store.subscribe, store.getSnapshot, serverSnapshot);
  return {
    listening: s.listening,
    speaking: s.speaking,
    inSession: s.inSession,
    sessions: s.sessions,
    transcript: s.captions.transcript,
    partial: s.captions.partial,
    finals: s.captions.finals,
    error: s.error,
    start: useCallback(() => store.start(latest.current), [store]),
    stop: useCallback(() => store.stop(), [store]),
    handsFree: store.handsFree,
  };
}
