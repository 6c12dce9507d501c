// Runs the throwaway apps' commands: to completion (builds), or as servers stopped by their process id.
import { spawn } from 'node:child_process';

/** The environment a child gets: ours, without any AssemblyAI key unless `env` sets one. */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
  delete base.ASSEMBLYAI_API_KEY;
  return { ...base, ...env };
}

/** Runs a command to its end; resolves with its exit status, time and the tail of its output. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const started = Date.now();
  return new Promise<{ ok: boolean; seconds: number; log: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => keep(Buffer.from(String(err))));
    child.on('close', (code) => resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, log }));
  });
}

/** A server the smoke suite started: its base URL and a way to stop it (its process group, by id). */
export interface AppServer {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts a server and waits until its output matches `ready`, whose first group is the base URL.
 * @throws when it exits or prints no match within `timeoutMs`.
 */
export function serve(command: string, args: string[], cwd: string, env: Record<string, string>, ready: RegExp, timeoutMs = 30_000): Promise<AppServer> {
  const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        resolve();
      }
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`${command} ${args.join(' ')}: not ready after ${timeoutMs} ms:\n${out.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1].replace(/\/$/, ''), output: () => out, close });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${out.slice(-3000)}`));
    });
  });
}
