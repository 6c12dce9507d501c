// `pnpm bench`: every benchmark script, each printing its figures beside a reference from the same run.
// Benchmarks print; they never fail on a timing (these machines are shared and noisy).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
for (const pkg of readdirSync('packages')) {
  const dir = join('packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  // `*-child.mjs` files are helpers a benchmark starts itself.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs') && !f.endsWith('-child.mjs')).sort()) {
    if (only && !file.includes(only) && pkg !== only) continue;
    console.log(`\n== ${pkg}/${file}`);
    const r = spawnSync('node', [join(dir, file)], { stdio: 'inherit' });
    if (r.status !== 0) console.log(`(${file} exited ${r.status})`);
  }
}
