import { defineConfig } from '@playwright/test';
import { chromiumWith } from './support/browser.js';

// The smoke suite: the packed packages in throwaway apps (global-setup.ts), driven in Debian's headless
// Chromium with a spoken fixture as the fake microphone, against the emulator. Same browser flags as
// e2e/playwright.config.ts. The smoke tests check packaging; that the first instant of speech is kept is
// e2e/specs/first-word.spec.ts.
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
    launchOptions: chromiumWith('two-sentences.48k.wav'),
  },
});
