// Marks a build folder as CommonJS (the package itself is "type": "module"), so Node and TypeScript read its
// .js and .d.ts files as CommonJS. Usage: node build/mark-commonjs.mjs dist/cjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: mark-commonjs.mjs <folder>');
writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
