import { listMicrophones, microphonePermission, type DeviceInfo } from '@earshot/client';
import { ExternalStore } from './external-store.js';

/** Permission to use the microphone: `unknown` where the browser cannot tell (and on the server). */
export type MicrophonePermission = 'granted' | 'denied' | 'prompt' | 'unknown';

/** What {@link useMicrophones} renders from. */
export interface MicrophonesSnapshot {
  /** The microphones offered (labels are empty until permission was given once). Empty on the server. */
  devices: readonly DeviceInfo[];
  permission: MicrophonePermission;
}

export const NO_MICROPHONES: MicrophonesSnapshot = Object.freeze({ devices: [], permission: 'unknown' });

/**
 * The page's microphones and permission, watched while at least one component subscribes: device changes
 * (`devicechange`) and permission changes re-read the list. Touches `navigator` only once subscribed.
 */
export class MicrophonesStore extends ExternalStore<MicrophonesSnapshot> {
  #stopWatching: (() => void) | undefined;
  #subscribers = 0;

  constructor() {
    super(NO_MICROPHONES);
  }

  readonly watch = (listener: () => void): (() => void) => {
    const unsubscribe = this.subscribe(listener);
    if (this.#subscribers++ === 0) this.#startWatching();
    return () => {
      unsubscribe();
      if (--this.#subscribers === 0) {
        this.#stopWatching?.();
        this.#stopWatching = undefined;
      }
    };
  };

  /** Reads the list and the permission again. */
  async refresh(): Promise<void> {
    const [devices, permission] = await Promise.all([listMicrophones().catch(() => []), microphonePermission()]);
    const same = devices.length === this.getSnapshot().devices.length &&
      devices.every((d, i) => d.deviceId === this.getSnapshot().devices[i]?.deviceId && d.label === this.getSnapshot().devices[i]?.label);
    this.update({ permission, ...(same ? {} : { devices }) });
  }

  /**
   * Asks for the microphone (the browser's prompt), closes it at once, and refreshes: labels become readable.
   * Resolves with the permission afterwards; never rejects.
   */
  async request(): Promise<MicrophonePermission> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
    } catch {
      // Denied or no device: the refreshed permission says which.
    }
    await this.refresh();
    return this.getSnapshot().permission;
  }

  #startWatching(): void {
    const media = globalThis.navigator?.mediaDevices;
    const onChange = () => void this.refresh();
    media?.addEventListener?.('devicechange', onChange);
    let status: PermissionStatus | undefined;
    let stopped = false;
    void globalThis.navigator?.permissions?.query({ name: 'microphone' as PermissionName }).then((s) => {
      if (stopped) return;
      status = s;
      s.addEventListener('change', onChange);
    }, () => undefined);
    this.#stopWatching = () => {
      stopped = true;
      media?.removeEventListener?.('devicechange', onChange);
      status?.removeEventListener('change', onChange);
    };
    void this.refresh();
  }
}
