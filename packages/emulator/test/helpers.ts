import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** The committed speech fixtures (shared with the browser tests). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../e2e/fixtures');

/** Reads a PCM16 mono WAV file. */
export function readWav(path: string): { sampleRate: number; samples: Int16Array } {
  const buf = readFileSync(path);
  let at = 12;
  let sampleRate = 0;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') sampleRate = buf.readUInt32LE(at + 12);
    if (id === 'data') {
      const bytes = buf.subarray(at + 8, at + 8 + size);
      const samples = new Int16Array(bytes.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
      return { sampleRate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** PCM16 little-endian bytes of samples. */
export function bytesOf(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** A low noise floor (not digital zeros, which confuse speech detectors). */
export function noise(samples: number, amplitude = 40): Int16Array {
  let seed = 12345;
  return Int16Array.from({ length: samples }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return Math.round(((seed / 0x7fffffff) - 0.5) * amplitude);
  });
}

/** A raw v3 client over a real socket: every message it got, and how the socket closed. */
export class RawClient {
  readonly ws: WebSocket;
  readonly messages: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];

  constructor(url: string, headers?: Record<string, string>) {
    this.ws = new WebSocket(url, headers ? { headers } : undefined);
    this.ws.on('message', (data) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        message = { type: 'unparsed', raw: data.toString() };
      }
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => (w.test(message) ? (w.resolve(message), false) : true));
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('error', () => undefined);
  }

  /** Resolves with the first message (already received or to come) of the given type. */
  next(type: string, test: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    const seen = this.messages.find((m) => m.type === type && test(m));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test: (m) => m.type === type && test(m), resolve }));
  }

  /** Sends PCM16 in `chunkMs` messages, at real time unless `realtime` is false. */
  async stream(samples: Int16Array, sampleRate: number, chunkMs = 50, realtime = true): Promise<void> {
    const step = Math.round((sampleRate * chunkMs) / 1000);
    const start = Date.now();
    for (let i = 0, n = 0; i < samples.length; i += step, n++) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(bytesOf(samples.subarray(i, i + step)));
      if (realtime) {
        const due = start + (n + 1) * chunkMs;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      }
    }
  }

  sendJson(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
}

/** Joins samples. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
