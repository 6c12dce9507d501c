import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Speech begins 1.2 s into this file: the smoke tests check packaging, not how fast capture starts (that is
// e2e/specs/first-word.spec.ts), so a slow worklet fetch on a loaded machine must not cost the first words.
const MICROPHONE = join(import.meta.dirname, '..', 'fixtures', 'two-sentences.48k.wav');

// The smoke suite: the packed packages in throwaway apps (global-setup.ts), driven in Debian's headless
// Chromium with a spoken fixture as the fake microphone, against the emulator. Same browser flags as
// e2e/playwright.config.ts.
export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  fullyParallel: false,
  // One browser at a time: two real-time audio pipelines on 2 cores starve each other.
  workers: 1,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${MICROPHONE}%noloop`,
      ],
    },
  },
});
