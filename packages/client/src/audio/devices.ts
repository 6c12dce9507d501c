import type { DeviceInfo } from './microphone-source.js';

/** The microphones the browser offers (labels are empty until permission was given once). */
export async function listMicrophones(): Promise<DeviceInfo[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices.filter((d) => d.kind === 'audioinput').map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

/** Whether the page may use the microphone: `granted`, `denied`, `prompt`, or `unknown` where the browser cannot tell. */
export async function microphonePermission(): Promise<'granted' | 'denied' | 'prompt' | 'unknown'> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state;
  } catch {
    return 'unknown';
  }
}
