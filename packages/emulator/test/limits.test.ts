// The emulator's limits (issue #11): concurrent sessions, idle sessions, bounded records, long URLs — and the
// service's own rules it had wrong: code-point text lengths, the u3-pro alias, `multi` alone.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { RawClient } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, maxSessions: 3, idleLimitSeconds: 1, keepSessions: 5 });
});
afterAll(() => emu.close());
const open = (query = '') => new RawClient(`${emu.url}?token=${encodeURIComponent(emu.mintToken())}${query}`);
const errorOf = async (c: RawClient) => ({ close: (await c.closed).code, error: c.messages.find((m) => m.type === 'Error')?.error });

describe('maxSessions', () => {
  it('refuses one session past the limit as the service refuses a concurrency limit, and admits again once one closes', async () => {
    const first = [open(), open(), open()];
    await Promise.all(first.map((c) => c.next('Begin')));
    expect(emu.openSessions).toBe(3);
    const extra = open();
    expect(await errorOf(extra)).toEqual({ close: 3009, error: 'Unauthorized Connection: Too many concurrent sessions' });
    expect(extra.messages.some((m) => m.type === 'Begin')).toBe(false);
    first[0]!.sendJson({ type: 'Terminate' });
    await first[0]!.closed;
    await new Promise((r) => setTimeout(r, 20));
    const again = open();
    expect((await again.next('Begin')).type).toBe('Begin');
    for (const c of [first[1]!, first[2]!, again]) c.ws.close();
  });

  it('by default admits many scripted sessions at once (the cap of 1000 is for the light recognizer; PocketSphinx gets 16)', async () => {
    const scripted = await startEmulator({ recognizer: 'scripted' });
    const clients = Array.from({ length: 20 }, () => new RawClient(`${scripted.url}?token=${scripted.mintToken()}`));
    await Promise.all(clients.map((c) => c.next('Begin')));
    expect(scripted.openSessions).toBe(20);
    await scripted.close();
  });
});

describe('idle sessions', () => {
  it('ends a session that sends nothing with the inactivity error, when the client set no inactivity_timeout', async () => {
    const c = open();
    await c.next('Begin');
    const started = Date.now();
    expect(await errorOf(c)).toEqual({ close: 3006, error: 'Session terminated due to inactivity: No messages received for 1 seconds' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('keeps a session that sends KeepAlive, and the client\'s own inactivity_timeout wins', async () => {
    const c = open('&inactivity_timeout=5');
    await c.next('Begin');
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 300));
      c.sendJson({ type: 'KeepAlive' });
    }
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });
});

describe('session records', () => {
  it('keeps no frames or audio unless record: true, and only the last keepSessions sessions', async () => {
    for (let i = 0; i < 7; i++) {
      const c = open();
      await c.next('Begin');
      c.sendJson({ type: 'Terminate' });
      await c.closed;
    }
    expect(emu.sessions).toHaveLength(5);
    const last = emu.sessions.at(-1)!;
    expect((await last.done).code).toBe(1000);
    expect(() => last.pcm()).toThrow(/record: true/);
    expect(() => last.frames).toThrow(/record: true/);
  });
});

describe('the service\'s rules', () => {
  it('counts text limits in code points: 1000 emoji are 1000 characters', async () => {
    const ok = open(`&prompt=${encodeURIComponent('😀'.repeat(1000))}`);
    expect((await ok.next('Begin')).type).toBe('Begin');
    ok.ws.close();
    // 875 emoji and 876 letters: 1751 code points, 2626 UTF-16 units.
    const tooLong = open(`&prompt=${encodeURIComponent('😀'.repeat(875) + 'x'.repeat(876))}`);
    expect((await errorOf(tooLong)).error).toBe("User Input Validation Error: Invalid 'prompt': Value error, prompt exceeds maximum length of 1750 characters (got 1751)");
  });

  it('accepts the u3-pro alias and echoes the model it routes to', async () => {
    const c = open('&speech_model=u3-pro');
    const begin = (await c.next('Begin')) as { configuration: { model: string; mode: string } };
    expect(begin.configuration).toMatchObject({ model: 'u3-rt-pro', mode: 'balanced' });
    c.ws.close();
  });

  it('accepts multi alone in language_codes and refuses it mixed with other codes', async () => {
    const alone = open(`&language_codes=${encodeURIComponent('["multi"]')}`);
    expect((await alone.next('Begin')).type).toBe('Begin');
    alone.ws.close();
    const mixed = open(`&language_codes=${encodeURIComponent('["multi","en"]')}`);
    expect(await errorOf(mixed)).toEqual({ close: 3006, error: "User Input Validation Error: Invalid 'language_codes': Value error, 'multi' cannot be combined with other language codes" });
  });
});

describe('long URLs', () => {
  /** The raw HTTP answer to an upgrade request for `path`. */
  function upgrade(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(emu.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n`);
    });
  }

  it('answers a request target over 16 KiB with HTTP 414 before the upgrade, naming its size', async () => {
    // The documented maximum of keyterms: 100 terms of 50 CJK characters, about 46 kB once encoded.
    const keyterms = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(50, '語'));
    const path = `/v3/ws?token=${emu.mintToken()}&keyterms_prompt=${encodeURIComponent(JSON.stringify(keyterms))}`;
    const answer = await upgrade(path);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 414 URI Too Long');
    expect(answer).toContain(`Request-URI of ${path.length} bytes is longer than the 16384 accepted`);
  });

  it('upgrades a target just under the limit', async () => {
    const base = `/v3/ws?token=${emu.mintToken()}&prompt=`;
    const answer = await upgrade(base + 'x'.repeat(16_384 - base.length));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
  });
});
