import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setPriority } from 'node:os';

/** A helper process the harness started: ended by its own PID, never by name. */
export interface Helper {
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `cmd` with its output kept (the last 4 kB, for error messages). `priority` is a nice value (negative:
 * ahead of the browsers and test runners of a busy machine), for the real-time audio helpers.
 */
export function startHelper(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: { priority?: number } = {}): Helper {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4096);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (child.pid === undefined) throw new Error(`${cmd} did not start`);
  if (options.priority !== undefined) {
    try {
      setPriority(child.pid, options.priority);
    } catch {
      // Raising priority needs root (CI has it); without it the helper runs at the default.
    }
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  Object.defineProperty(child, 'outputTail', { get: () => tail });
  return {
    pid: child.pid,
    child,
    async stop(graceMs = 2000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last output of a helper, for the error when it fails. */
export function outputOf(helper: Helper): string {
  return (helper.child as ChildProcess & { outputTail?: string }).outputTail ?? '';
}

/** Polls `check` every 50 ms until it is true; throws `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A free loopback port (asks the OS for one, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion, bounded; resolves with its exit code and output. */
export function runBounded(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
