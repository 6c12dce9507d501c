// How the smoke suite launches Debian's headless Chromium: the flags of e2e/playwright.config.ts, with a fixture
// of e2e/fixtures/ as the fake microphone (played once, then silence).
import { join } from 'node:path';
import type { LaunchOptions } from '@playwright/test';

/** Launch options with `fixture` (a WAV file name in e2e/fixtures/) as the microphone. */
export function chromiumWith(fixture: string): LaunchOptions {
  return {
    executablePath: '/usr/bin/chromium',
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${join(import.meta.dirname, '..', '..', 'fixtures', fixture)}%noloop`,
    ],
  };
}
