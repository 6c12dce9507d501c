import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { launchEngine, type EngineDriver, type EngineName } from './engines.js';
import { waitFor } from './processes.js';
import { startPulseMic, type PulseMic } from './pulse.js';
import { FIXTURES, startStack, type Stack } from './stack.js';

/** Options a project sets (`use: { engineName: 'webkit' }`). */
export interface EngineOptions {
  engineName: EngineName;
  /** Launch the browser with the microphone refused. */
  denyMicrophone: boolean;
  /** Launch the browser with its autoplay policy on: AudioContexts start suspended until a user gesture. */
  autoplayBlocked: boolean;
}

interface EngineFixtures {
  pulse: PulseMic;
  engine: EngineDriver;
  stack: Stack;
}

/**
 * Tests in Firefox and WebKitGTK: one PulseAudio microphone, one browser and one stack per worker, shared by
 * every row of a project (a launch costs ~5–8 s). Each test starts from a fresh load of the capture page.
 */
export const test = base.extend<{ capturePage: EngineDriver }, EngineOptions & EngineFixtures>({
  engineName: ['firefox', { scope: 'worker', option: true }],
  denyMicrophone: [false, { scope: 'worker', option: true }],
  autoplayBlocked: [false, { scope: 'worker', option: true }],
  pulse: [
    async ({}, use) => {
      const pulse = await startPulseMic();
      await use(pulse);
      await pulse.close();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  engine: [
    async ({ engineName, denyMicrophone, autoplayBlocked, pulse }, use, workerInfo) => {
      const engine = await launchEngine(engineName, { pulse, denyMicrophone, autoplayBlocked });
      workerInfo.project.metadata = { ...workerInfo.project.metadata, version: engine.version };
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  stack: [
    async ({}, use) => {
      const stack = await startStack({ beginDelayMs: 1200 });
      await use(stack);
      await stack.close();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  capturePage: async ({ engine, stack }, use) => {
    stack.emulator.faults = {};
    await openTestPage(engine, `${stack.baseUrl}e2e/pages/capture.html`);
    await use(engine);
  },
});

/** Loads a page that runs e2e/pages/capture.ts and waits until its module has run (WebKit returns at `load`, before that). */
export async function openTestPage(engine: EngineDriver, url: string): Promise<void> {
  await engine.goto(url);
  await waitFor(() => engine.evaluate(() => typeof window.earshot === 'object'), 10_000, `window.earshot on ${url}`);
}

export const fixture = (name: string) => join(FIXTURES, `${name}.wav`);
export { expect } from '@playwright/test';
