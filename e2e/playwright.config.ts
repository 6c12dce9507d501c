import { defineConfig } from '@playwright/test';
import type { EngineOptions } from './support/engine-test.js';

const fixture = (name: string) => `${import.meta.dirname}/fixtures/${name}.wav%noloop`;
/** Chromium from Debian (Playwright cannot download its own here), quiet on a closed network. */
const chromium = (audioFile?: string, fakeUi = true) => ({
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream',
      ...(fakeUi ? ['--use-fake-ui-for-media-stream'] : []),
      ...(audioFile ? [`--use-file-for-fake-audio-capture=${audioFile}`] : []),
    ],
  },
});

// Launch options are per project, so each fake-microphone file is its own project.
export default defineConfig<{}, EngineOptions>({
  testDir: './specs',
  timeout: 60_000,
  fullyParallel: false,
  // One browser at a time: on 2 cores, two real-time audio pipelines starve each other and glitch.
  workers: 1,
  reporter: 'list',
  projects: [
    { name: 'mic-48k', testMatch: /captions|capture|resilience|lifecycle-races\.spec|\/react\.spec|element|demo-pages/, use: chromium(fixture('two-sentences.48k')) },
    // The 44.1 kHz device proves the resampling path (captions.spec); the capture races do not depend on the rate, so
    // they run once, at 48 kHz, to keep CI's whole run under 15 minutes.
    { name: 'mic-44k', testMatch: /captions/, use: chromium(fixture('two-sentences.44k')) },
    { name: 'first-word', testMatch: /first-word\.spec/, testIgnore: /demo-/, use: chromium(fixture('first-word.48k')) },
    // The demo's first caption, once per fixture.
    ...['two-sentences', 'first-word', 'long-pauses'].map((name) => ({
      name: `demo-${name}`, testMatch: /demo-first-word/, metadata: { fixture: name }, use: chromium(fixture(`${name}.48k`)),
    })),
    { name: 'vad', testMatch: /vad/, use: chromium(fixture('long-pauses.48k')) },
    { name: 'token-endpoint', testMatch: /token-endpoint/, use: chromium() },
    { name: 'permission-denied', testMatch: /(?<!engines-)permission/, use: chromium(fixture('first-word.48k'), false) },
    // Firefox ESR and WebKitGTK from Debian, a private PulseAudio as the microphone (support/engine-test.ts).
    { name: 'firefox', testMatch: /engines\.spec|watchdog/, use: { engineName: 'firefox' } },
    { name: 'firefox-denied', testMatch: /engines-permission/, use: { engineName: 'firefox', denyMicrophone: true } },
    { name: 'webkit', testMatch: /engines\.spec|watchdog/, use: { engineName: 'webkit' } },
    // Audio flows or someone is told, in Chromium (its fake microphone: these rows need no particular audio).
    { name: 'chromium-watchdog', testMatch: /watchdog/, use: { engineName: 'chromium' } },
  ],
});
