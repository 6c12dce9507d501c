// `export const GET = createTokenHandler()` must load without ASSEMBLYAI_API_KEY (a Next.js build has no
// secrets), and a request without the key must get a clear 500 and one log line (issue #11). Run in a child
// process whose environment has no key, as `next build` and then the server would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./support/route-module.mjs', import.meta.url));

function runChild(script: string, env: Record<string, string | undefined>) {
  const { ASSEMBLYAI_API_KEY: _drop, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...rest, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a route module without the key', () => {
  it('loads, and answers a request with a clear 500 and one log line', () => {
    const r = runChild(
      `const { GET } = await import(${JSON.stringify(MODULE)});
       console.log('loaded', typeof GET);
       const res = await GET(new Request('http://app.test/api/token', { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } }));
       console.log(res.status, await res.text());`,
      {},
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('loaded function\n500 {"error":"The token endpoint has no API key configured","code":"missing_api_key"}\n');
    expect(r.stderr).toBe("@earshot/server: no API key: set ASSEMBLYAI_API_KEY in the server's environment (or pass apiKey)\n");
  });

  it('uses the key once the environment has it, without reloading the module', () => {
    const r = runChild(
      `const { GET } = await import(${JSON.stringify(MODULE)});
       process.env.ASSEMBLYAI_API_KEY = 'sk-late-SECRET';
       const failures = [];
       console.error = (line) => failures.push(line);
       const res = await GET(new Request('http://app.test/api/token', { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } }));
       // No token service here: the handler got as far as calling it with the key.
       console.log(res.status, failures.join('|').includes('SECRET'));`,
      { ASSEMBLYAI_API_KEY: undefined },
    );
    expect(r.stdout.trim()).toBe('502 false');
  });
});
