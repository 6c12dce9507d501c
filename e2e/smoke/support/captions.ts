// What every browser case checks: the app's page, with the fake microphone speaking the two-sentences fixture,
// shows its sentence as a final caption, with no error and no CSP violation; and a build's worklet is a file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { expect, type Page } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../packages/emulator/src/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
/** The fixture's first sentence, which the page shows as its first final caption. */
const SENTENCE = readFileSync(join(FIXTURES, 'two-sentences.txt'), 'utf8').trim().split('\n')[0]!;
/** The emulator formats finals: a capital and a full stop. */
export const EXPECTED = `${SENTENCE.charAt(0).toUpperCase()}${SENTENCE.slice(1)}.`;

/** The emulator with PocketSphinx and the fixtures' grammar (deterministic text). */
export function emulator(): Promise<Emulator> {
  return startEmulator({ grammar: join(FIXTURES, 'grammar.jsgf') });
}

/** What a server needs to mint tokens from `emu`: its key and base URL, as the apps read them. */
export function tokenEnv(emu: Emulator): Record<string, string> {
  // token-host.mjs sends the recipes' default token host (AssemblyAI's) to the emulator.
  const preload = `--import=${pathToFileURL(join(import.meta.dirname, 'token-host.mjs')).href}`;
  return { ASSEMBLYAI_API_KEY: emu.apiKey, EARSHOT_TOKEN_BASE_URL: emu.httpUrl, NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') };
}

/**
 * Sends the page's sockets to AssemblyAI's streaming hosts to `emu` instead (the token rides along in the query),
 * so a README recipe that names no `url` runs as printed.
 */
export async function routeServiceToEmulator(page: Page, emu: Emulator): Promise<void> {
  // Playwright's connectToServer() can only reach the URL the page asked for, so this relays by hand.
  await page.routeWebSocket(/^wss:\/\/streaming(\.us|\.eu)?\.assemblyai\.com\/v3\/ws/, (route) => {
    const server = new WebSocket(`${emu.url}${new URL(route.url()).search}`);
    const early: (string | Buffer)[] = [];
    route.onMessage((message) => (server.readyState === WebSocket.OPEN ? server.send(message) : early.push(message)));
    route.onClose((code, reason) => {
      try {
        server.close(code, reason);
      } catch {
        server.terminate(); // a code one may not send (1005, 1006)
      }
    });
    server.on('open', () => early.splice(0).forEach((message) => server.send(message)));
    server.on('message', (data, binary) => route.send(binary ? (data as Buffer) : data.toString()));
    server.on('close', (code, reason) => void route.close({ code, reason: reason.toString() }).catch(() => {}));
    server.on('error', () => void route.close({ code: 1011 }).catch(() => {}));
  });
}

/**
 * Opens `pageUrl` (the app's origin + path, given the emulator's URL as `?ws=`), starts, waits for the caption,
 * stops; no error shown, no CSP refusal or page error logged.
 */
export async function expectCaptions(page: Page, pageUrl: string, emu: Emulator): Promise<void> {
  await routeServiceToEmulator(page, emu);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (process.env.EARSHOT_SMOKE_DEBUG) page.on('console', (m) => console.log(`[page] ${m.type()}: ${m.text()}`));
  const separator = pageUrl.includes('?') ? '&' : '?';
  await page.goto(`${pageUrl}${separator}ws=${encodeURIComponent(emu.url)}`);
  await page.locator('#start').click();
  await expect(page.locator('#captions p.final').first()).toHaveText(EXPECTED, { timeout: 30_000 });
  await page.locator('#stop').click();
  await expect(page.locator('#state')).toHaveText('closed');
  await expect(page.locator('#error')).toBeEmpty();
  expect(problems).toEqual([]);
}

/**
 * The worklet of a production build is a file of its own: `worklet` names one emitted file that registers the
 * processor, and no other script in `dir` carries the processor's code (it is not in the main chunk).
 */
export function expectWorkletFile(dir: string, worklet: RegExp): void {
  const scripts = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
  const holders = scripts.filter((f) => readFileSync(join(dir, f), 'utf8').includes('registerProcessor('));
  expect(holders).toHaveLength(1);
  expect(holders[0]).toMatch(worklet);
}
