#!/usr/bin/env node
// The `earshot-emulator` command: see README.md or `earshot-emulator --help`.
import { runCli } from '../dist/cli.js';

runCli(process.argv.slice(2)).catch((err) => {
  console.error(`earshot-emulator: ${err.message}`);
  process.exit(1);
});
