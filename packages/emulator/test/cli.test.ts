// The `earshot-emulator` command (issue #3 §6), run as a user runs it: a real process, real ports.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, RawClient } from './helpers.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(pkg, 'bin/earshot-emulator.js');

beforeAll(() => {
  execFileSync('pnpm', ['run', 'build'], { cwd: pkg, stdio: 'ignore' });
}, 60_000);

/** Starts the CLI and resolves with the process and the URLs it printed. */
async function start(args: string[]): Promise<{ proc: ChildProcess; out: string[]; ws: string; token: string }> {
  const proc = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
  proc.stderr!.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
  const deadline = Date.now() + 10_000;
  while (!out.some((l) => l.includes('tokens')) && Date.now() < deadline && proc.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  const ws = out.find((l) => l.includes('streaming'))?.split(' ').at(-1) ?? '';
  const token = out.find((l) => l.includes('tokens'))?.split(' ').at(-1) ?? '';
  return { proc, out, ws, token };
}

describe('earshot-emulator', () => {
  it('prints its URLs, serves tokens and sessions, and stops cleanly on Ctrl-C', async () => {
    const { proc, out, ws, token } = await start(['--api-key', 'cli-key', '--port', '0', '--recognizer', 'scripted', '--begin-delay', '0']);
    expect(out[0]).toBe('earshot-emulator: recognizer: scripted');
    expect(ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/ws$/);
    const res = await fetch(`${token}?expires_in_seconds=60`, { headers: { authorization: 'cli-key' } });
    const { token: t } = (await res.json()) as { token: string };
    const c = new RawClient(`${ws}?token=${t}`);
    expect((await c.next('Begin')).type).toBe('Begin');
    proc.kill('SIGINT');
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
    expect((await c.closed).code).toBe(1006);
  });

  it('applies faults given as flags', async () => {
    const { proc, ws } = await start(['--api-key', 'k', '--port', '0', '--recognizer', 'scripted', '--begin-delay', '0', '--fault-error', '3005@50']);
    const c = new RawClient(ws, { authorization: 'k' });
    expect(await c.closed).toEqual({ code: 3005, reason: 'See Error message for details' });
    proc.kill('SIGINT');
    await once(proc, 'exit');
  });

  it('without --api-key accepts the default key (the one the demo and the docs use) and says so; a key of its own is never printed', async () => {
    const { proc, out, token } = await start(['--port', '0', '--recognizer', 'scripted']);
    try {
      expect(out).toContain('earshot-emulator: api key   earshot-demo-key');
      const res = await fetch(`${token}?expires_in_seconds=60`, { headers: { authorization: 'earshot-demo-key' } });
      expect(res.status).toBe(200);
    } finally {
      proc.kill('SIGINT');
      await once(proc, 'exit');
    }
    const own = await start(['--port', '0', '--recognizer', 'scripted', '--api-key', 'my-own-SECRET']);
    own.proc.kill('SIGINT');
    await once(own.proc, 'exit');
    expect(own.out.join('\n')).not.toContain('my-own-SECRET');
  });

  it('reads a grammar file path', async () => {
    const { proc, out } = await start(['--api-key', 'k', '--port', '0', '--recognizer', 'pocketsphinx', '--grammar', join(FIXTURES, 'grammar.jsgf')]);
    expect(out[0]).toBe('earshot-emulator: recognizer: pocketsphinx');
    proc.kill('SIGINT');
    await once(proc, 'exit');
  });
});
