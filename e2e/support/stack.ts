import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../packages/emulator/src/index.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures');

/** A fixture's sentences (one per line of its .txt) as the emulator's final turns print them: capitalised, with a full stop. */
export function fixtureCaptions(name: string): string[] {
  const sentences = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8').trim().split('\n');
  return sentences.map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`);
}

/** What a browser test runs against: the emulator and the Vite server of the example pages, on loopback. */
export interface Stack {
  emulator: Emulator;
  vite: ViteDevServer;
  /** `http://127.0.0.1:port/` of the Vite server. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the emulator (PocketSphinx with the fixtures' grammar unless told otherwise) and Vite with `/api/token`. */
export async function startStack(options: EmulatorOptions = {}): Promise<Stack> {
  // The specs read what crossed the wire (session.frames, pcm(), sent()) and count sessions (100 start/stop
  // cycles): keep every session's record for the life of the stack.
  const emulator = await startEmulator({ grammar: join(FIXTURES, 'grammar.jsgf'), beginDelayMs: 1200, record: true, keepSessions: 10_000, ...options });
  // vite.config.ts reads these when the server is created.
  process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
  process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
  const vite = await createServer({ configFile: join(import.meta.dirname, '../../vite.config.ts'), server: { port: 0 }, logLevel: 'warn' });
  await vite.listen();
  const address = vite.httpServer!.address() as { port: number };
  return {
    emulator,
    vite,
    baseUrl: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await vite.close();
      await emulator.close();
    },
  };
}
