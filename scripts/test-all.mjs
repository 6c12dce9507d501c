// Runs every suite (type check, Node tests, browser tests when present) and ends with one plain line
// "N passed, N failed" totalled over all of them, which is what CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0 };
const out = mkdtempSync(join(tmpdir(), 'earshot-test-'));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

// 0. Build the packages: the CLI, the worklet file and the benchmarks use what users get.
console.log('\n== build');
if (run('pnpm', ['-r', 'run', 'build']) !== 0) totals.failed += 1;

// 1. Type check: one suite, one result.
console.log('\n== typecheck');
if (run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit']) === 0) totals.passed += 1;
else totals.failed += 1;

// 2. Node tests (vitest).
console.log('\n== vitest');
const vitestJson = join(out, 'vitest.json');
const vitestStatus = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? 1 : 0);
} else {
  totals.failed += 1;
}
if (vitestStatus !== 0 && totals.failed === 0) totals.failed += 1;

// 3. Browser tests (Playwright), once e2e/ has specs.
const hasSpecs = existsSync('e2e') && readdirSync('e2e', { recursive: true }).some((f) => String(f).endsWith('.spec.ts'));
if (hasSpecs) {
  console.log('\n== playwright');
  const pwJson = join(out, 'playwright.json');
  const status = run('pnpm', ['exec', 'playwright', 'test', '--config', 'e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    totals.passed += s.expected;
    totals.failed += s.unexpected + s.flaky;
  } else if (status !== 0) {
    totals.failed += 1;
  }
}

// 4. Smoke tests: the packed packages installed with npm into throwaway apps (e2e/smoke), driven in Chromium.
console.log('\n== smoke');
const smokeJson = join(out, 'smoke.json');
const smokeStatus = run('pnpm', ['exec', 'playwright', 'test', '--config', 'e2e/smoke/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: smokeJson });
const smoke = existsSync(smokeJson) ? JSON.parse(readFileSync(smokeJson, 'utf8')).stats : undefined;
totals.passed += smoke?.expected ?? 0;
totals.failed += (smoke ? smoke.unexpected + smoke.flaky : 0) || (smokeStatus !== 0 ? 1 : 0);

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
