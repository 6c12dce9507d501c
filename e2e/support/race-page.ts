import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './stack.js';

/** What a race page (e2e/pages/*-races.ts, built on e2e/pages/leftovers.ts) exposes on `window[name]`. */
interface RaceApi {
  leftovers(): unknown;
  uncaught: string[];
}

/**
 * One emulator and page server for the spec file; each test opens `e2e/pages/<name>.html` with no faults set.
 * `nothingLeft(page)` waits until no microphone track is live and no AudioContext of ours is open, and checks that
 * nothing was thrown or rejected unhandled on the page.
 */
export function useRacePage(name: string, api: string): { stack: () => Stack; nothingLeft: (page: Page) => Promise<void> } {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack.close();
  });
  test.beforeEach(async ({ page }) => {
    stack.emulator.faults = {};
    await page.goto(`${stack.baseUrl}e2e/pages/${name}.html`);
  });
  const read = <K extends keyof RaceApi>(page: Page, key: K) =>
    page.evaluate(([n, k]) => {
      const raceApi = (window as unknown as Record<string, RaceApi>)[n]!;
      return k === 'uncaught' ? raceApi.uncaught : raceApi.leftovers();
    }, [api, key] as const);
  return {
    stack: () => stack,
    nothingLeft: async (page) => {
      await expect.poll(() => read(page, 'leftovers'), { timeout: 3000 }).toEqual({ liveTracks: 0, openContexts: 0 });
      expect(await read(page, 'uncaught')).toEqual([]);
    },
  };
}
