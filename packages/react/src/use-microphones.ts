import { useSyncExternalStore } from 'react';
import { MicrophonesStore, NO_MICROPHONES, type MicrophonePermission } from './microphones-store.js';
import type { DeviceInfo } from '@earshot/client';

/** What {@link useMicrophones} returns. */
export interface UseMicrophonesResult {
  /** The microphones offered; labels are empty until permission was given once. Empty on the server. */
  devices: readonly DeviceInfo[];
  /** `granted`, `denied`, `prompt`, or `unknown` (the browser cannot tell, or on the server). */
  permission: MicrophonePermission;
  /** Asks for the microphone (the prompt), releases it at once and re-reads the list. Never rejects. */
  request(): Promise<MicrophonePermission>;
  /** Reads the list and the permission again. */
  refresh(): Promise<void>;
}

// One store for the page: every component sees the same list, and the page listens once.
let shared: MicrophonesStore | undefined;
const store = () => (shared ??= new MicrophonesStore());
const watch = (listener: () => void) => store().watch(listener);
const snapshot = () => store().getSnapshot();
const serverSnapshot = () => NO_MICROPHONES;
const request = () => store().request();
const refresh = () => store().refresh();

/**
 * The microphones the browser offers and the permission to use them, kept current on device and permission
 * changes. SSR-safe: on the server the list is empty and the permission `unknown`.
 *
 * @example
 * const { devices, permission, request } = useMicrophones();
 */
export function useMicrophones(): UseMicrophonesResult {
  const { devices, permission } = useSyncExternalStore(watch, snapshot, serverSnapshot);
  return { devices, permission, request, refresh };
}
