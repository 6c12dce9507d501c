import { chromium, firefox, type Browser, type Page } from '@playwright/test';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { freePort, outputOf, startHelper, waitFor, type Helper } from './processes.js';
import type { PulseMic } from './pulse.js';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/**
 * One browser of another engine, driven the same way whatever drives it underneath: Playwright (Firefox over
 * WebDriver BiDi) or WebKitWebDriver (WebKitGTK's MiniBrowser under Xvfb). `evaluate` runs a function in the
 * page and awaits its promise, like Playwright's `page.evaluate`.
 */
export interface EngineDriver {
  readonly name: EngineName;
  /** The browser's version string, for the report. */
  readonly version: string;
  goto(url: string): Promise<void>;
  /** Clicks the page: a user gesture, as far as autoplay policies are concerned. */
  click(): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  close(): Promise<void>;
}

export interface EngineOptions {
  pulse: PulseMic;
  /** Firefox only: refuse the microphone (no prompt can be answered headless). */
  denyMicrophone?: boolean;
  /** Keep the engine's autoplay policy: an AudioContext stays suspended until a user gesture. */
  autoplayBlocked?: boolean;
}

export const FIREFOX_BINARY = '/usr/bin/firefox-esr';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export function launchEngine(name: EngineName, options: EngineOptions): Promise<EngineDriver> {
  if (name === 'chromium') return launchChromium(options);
  return name === 'firefox' ? launchFirefox(options) : launchWebKit(options);
}

/** A Playwright page as an engine driver. */
function pageDriver(name: EngineName, version: string, browser: Browser, page: Page): EngineDriver {
  return {
    name,
    version,
    goto: async (url) => {
      await page.goto(url);
    },
    click: () => page.mouse.click(5, 5),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => page.evaluate(fn as (a: unknown) => Promise<R>, arg as unknown) as Promise<R>,
    close: () => browser.close(),
  };
}

/** Debian's Chromium with its fake microphone (a tone): for the rows that need no particular audio. */
async function launchChromium({ autoplayBlocked }: EngineOptions): Promise<EngineDriver> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      ...(autoplayBlocked ? [] : ['--autoplay-policy=no-user-gesture-required']),
    ],
  });
  return pageDriver('chromium', `Chromium ${browser.version()}`, browser, await browser.newPage());
}

async function launchFirefox({ pulse, denyMicrophone, autoplayBlocked }: EngineOptions): Promise<EngineDriver> {
  const browser: Browser = await firefox.launch({
    channel: 'moz-firefox',
    executablePath: FIREFOX_BINARY,
    headless: true,
    env: { ...process.env, ...pulse.env },
    firefoxUserPrefs: {
      'media.navigator.permission.disabled': !denyMicrophone,
      ...(denyMicrophone ? { 'permissions.default.microphone': 2 } : {}),
      'media.autoplay.default': autoplayBlocked ? 1 : 0,
      'media.autoplay.block-webaudio': !!autoplayBlocked,
    },
  });
  return pageDriver('firefox', `Firefox ${browser.version()}`, browser, await browser.newPage());
}

/** WebKitWebDriver sometimes hangs creating a session: each attempt is bounded, and retried once on a new port. */
async function launchWebKit({ pulse, autoplayBlocked }: EngineOptions): Promise<EngineDriver> {
  const display = await startXvfb();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const session = await webKitSession({ ...process.env, ...pulse.env, DISPLAY: display.display }, !!autoplayBlocked);
        return {
          ...session,
          close: async () => {
            await session.close();
            await display.helper.stop();
          },
        };
      } catch (err) {
        if (attempt >= 2) throw err;
      }
    }
  } catch (err) {
    await display.helper.stop();
    throw err;
  }
}

async function startXvfb(): Promise<{ display: string; helper: Helper }> {
  // -displayfd lets Xvfb pick a free display number and tell us which.
  const helper = startHelper('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp']);
  let number = '';
  helper.child.stdout!.on('data', (c: Buffer) => (number += c.toString()));
  try {
    await waitFor(() => /\d+\n/.test(number) || helper.child.exitCode !== null, 10_000, 'Xvfb display');
  } catch (err) {
    await helper.stop();
    throw err;
  }
  if (helper.child.exitCode !== null) throw new Error(`Xvfb exited: ${outputOf(helper)}`);
  return { display: `:${number.trim()}`, helper };
}

async function webKitSession(env: NodeJS.ProcessEnv, autoplayBlocked: boolean): Promise<Omit<EngineDriver, 'close'> & { close(): Promise<void> }> {
  const port = await freePort();
  const server = startHelper('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], env);
  try {
    await waitFor(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/status`)).ok;
      } catch {
        return false;
      }
    }, 10_000, 'WebKitWebDriver listening');
    const building = new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', ...(autoplayBlocked ? [] : ['--autoplay-policy=allow'])] },
      })
      .build();
    let timer: NodeJS.Timeout | undefined;
    const driver: WebDriver = await Promise.race([
      building,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('WebKitWebDriver session not created within 30 s')), 30_000))),
    ]).finally(() => clearTimeout(timer));
    await driver.manage().setTimeouts({ script: 120_000 });
    const capabilities = await driver.getCapabilities();
    return {
      name: 'webkit',
      version: `WebKitGTK ${String(capabilities.get('browserVersion') ?? '')}`,
      goto: (url) => driver.get(url),
      click: async () => {
        await driver.findElement(By.css('body')).click();
      },
      async evaluate(fn, arg) {
        // The function travels as source, as with Playwright; the result comes back through the async callback.
        const script = `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
            .then((value) => done({ ok: true, value: value === undefined ? null : value }), (e) => done({ ok: false, error: String(e) + '\\n' + String(e && e.stack) }));`;
        const r = (await driver.executeAsyncScript(script, arg ?? null)) as { ok: boolean; value?: unknown; error?: string };
        if (!r.ok) throw new Error(`in WebKit: ${r.error}`);
        return r.value as never;
      },
      async close() {
        await Promise.race([driver.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
