// Where the smoke suite's throwaway apps live, and how a spec finds what global-setup.ts made there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The packages, in pack order, as folders of packages/. */
export const PACKAGES = ['client', 'server', 'emulator', 'vad', 'react'] as const;

/** One step of the set-up (pack, install, a build): how it went, for the spec that needs it to report. */
export interface StepResult {
  ok: boolean;
  seconds: number;
  /** The last lines of its output. */
  log: string;
}

/** What global-setup.ts leaves for the specs (written to `<dir>/results.json`). */
export interface SmokeWorkspace {
  /** The temp folder: tarballs/ and apps/ (one npm install, one folder per app). */
  dir: string;
  apps: string;
  /** Tarball path per package folder name. */
  tarballs: Record<string, string>;
  steps: Record<string, StepResult>;
}

export function workspace(): SmokeWorkspace {
  const dir = process.env.EARSHOT_SMOKE_DIR;
  if (!dir) throw new Error('EARSHOT_SMOKE_DIR is not set: run through e2e/smoke/playwright.config.ts');
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as SmokeWorkspace;
}
