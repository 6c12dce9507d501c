// `npm run demo` and ASSEMBLYAI_API_KEY tell one story: the root README gives a server against the emulator
// ASSEMBLYAI_API_KEY=earshot-demo-key, and the demo with that key uses the emulator (and says so) — it used to take
// any key for a real one, say "using the real AssemblyAI service" and answer 502. A real key still means the service.
// The demo script runs as a user runs it (node scripts/demo.mjs, after the build); its pages' token endpoint is asked.
import { expect, test } from '@playwright/test';
import { outputOf, startHelper, waitFor, type Helper } from '../support/processes.js';

const DEMO = new URL('../../scripts/demo.mjs', import.meta.url).pathname;
/** A same-origin fetch from the demo's page, as the browser labels it. */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' };

/** Starts the demo with `key` as ASSEMBLYAI_API_KEY; resolves with its page URL once it prints it. */
async function demo(key: string): Promise<{ helper: Helper; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ASSEMBLYAI_API_KEY: key };
  // What a test harness in this process may have set for its own emulator: the demo starts from a user's shell.
  delete env.EARSHOT_EMULATOR_HTTP;
  delete env.EARSHOT_EMULATOR_KEY;
  const helper = startHelper(process.execPath, [DEMO], env);
  let url = '';
  await waitFor(() => !!(url = /demo: open (http:\S+?)\/? —/.exec(outputOf(helper))?.[1] ?? ''), 60_000, 'the demo to print its URL');
  return { helper, url };
}

test('ASSEMBLYAI_API_KEY=earshot-demo-key: the demo uses the emulator, says so, and its pages get tokens', async () => {
  const { helper, url } = await demo('earshot-demo-key');
  try {
    const output = outputOf(helper);
    expect(output).toContain("demo: ASSEMBLYAI_API_KEY is the emulator's key (earshot-demo-key): using the local emulator");
    expect(output).not.toContain('real AssemblyAI service');
    const response = await fetch(`${url}/api/token`, { headers: SAME_ORIGIN });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as { token: string }).token).toMatch(/^AQI/);
  } finally {
    await helper.stop();
  }
});

test('a real key: the demo says it uses the real service, and starts no emulator', async () => {
  const { helper } = await demo('0123456789abcdef0123456789abcdef');
  try {
    const output = outputOf(helper);
    expect(output).toContain('demo: ASSEMBLYAI_API_KEY is set: using the real AssemblyAI service');
    expect(output).not.toContain('demo: emulator at');
  } finally {
    await helper.stop();
  }
});
