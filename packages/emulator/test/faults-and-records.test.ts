// Issue #3 §4: what tests read from the emulator (exact PCM, frame log) and every injected fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { RawClient, bytesOf, noise } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, record: true });
});
afterAll(() => emu.close());
const open = () => new RawClient(`${emu.url}?token=${emu.mintToken()}`);

describe('session records', () => {
  it('keeps the exact bytes received and the frames both ways, in order', async () => {
    const next = emu.nextSession();
    const c = open();
    const session = await next;
    await c.next('Begin');
    const audio = noise(3600);
    await c.stream(audio, 16000);
    c.sendJson({ type: 'KeepAlive' });
    c.sendJson({ type: 'Terminate' });
    await c.closed;
    expect(session.pcm().equals(bytesOf(audio))).toBe(true);
    const summary = session.frames.map((f) => `${f.dir}:${f.kind === 'text' ? (JSON.parse(f.text!) as { type: string }).type : f.bytes}`);
    expect(summary).toEqual(['out:Begin', 'in:1600', 'in:1600', 'in:1600', 'in:1600', 'in:800', 'in:KeepAlive', 'in:Terminate', 'out:Termination']);
    expect(session.frames.every((f, i, all) => i === 0 || f.at >= all[i - 1]!.at)).toBe(true);
    expect(session.query.get('token')).toBeTruthy();
    expect((await session.done).code).toBe(1000);
  });
});

describe('fault injection', () => {
  it('delays Begin', async () => {
    emu.faults.beginDelayMs = 300;
    const started = Date.now();
    const c = open();
    await c.next('Begin');
    emu.faults = {};
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    c.ws.close();
  });

  it('drops the connection without a close frame after N ms (client sees 1006)', async () => {
    emu.faults = { dropAfterMs: 100 };
    const c = open();
    await c.next('Begin');
    emu.faults = {};
    expect((await c.closed).code).toBe(1006);
  });

  it('drops the connection after N bytes of audio', async () => {
    emu.faults = { dropAfterBytes: 4800 };
    const c = open();
    await c.next('Begin');
    emu.faults = {};
    void c.stream(noise(16_000), 16000);
    expect((await c.closed).code).toBe(1006);
    expect(emu.sessions.at(-1)!.pcm().length).toBe(4800);
  });

  it('sends an Error frame with a given code, then closes with it', async () => {
    emu.faults = { error: { code: 3005, afterMs: 50 } };
    const c = open();
    await c.next('Begin');
    emu.faults = {};
    expect(await c.closed).toEqual({ code: 3005, reason: 'See Error message for details' });
    expect(c.messages.at(-1)).toEqual({ type: 'Error', error_code: 3005, error: 'Session Cancelled: An error occurred' });
  });

  it('closes 1011 (internal error) without an Error frame, as the service does', async () => {
    const next = emu.nextSession();
    const c = open();
    const session = await next;
    await c.next('Begin');
    session.sendError(1011);
    expect((await c.closed).code).toBe(1011);
    expect(c.messages.map((m) => m.type)).toEqual(['Begin']);
  });

  it('sends a malformed frame and goes on', async () => {
    emu.faults = { malformedAfterMs: 10 };
    const next = emu.nextSession();
    const c = open();
    const session = await next;
    await c.next('Begin');
    emu.faults = {};
    await new Promise((r) => setTimeout(r, 100));
    expect(session.frames.some((f) => f.dir === 'out' && f.text === '{"type":"Turn","turn_order":')).toBe(true);
    expect(c.messages).toContainEqual({ type: 'unparsed', raw: '{"type":"Turn","turn_order":' });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  });

  it('lets a test act on a live session directly', async () => {
    const next = emu.nextSession();
    const c = open();
    const session = await next;
    await c.next('Begin');
    session.sendError(3008);
    expect((await c.closed).code).toBe(3008);
    expect(c.messages.at(-1)).toEqual({ type: 'Error', error_code: 3008, error: 'Session Expired: Maximum session duration exceeded' });
  });

  it('makes the token endpoint slow, failing or answer HTML', async () => {
    const url = `${emu.tokenUrl}?expires_in_seconds=60`;
    const init = { headers: { authorization: emu.apiKey } };
    emu.faults = { token: { fail: true } };
    expect((await fetch(url, init)).status).toBe(500);
    emu.faults = { token: { html: true } };
    const html = await fetch(url, init);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toMatch(/^<!doctype html>/);
    emu.faults = { token: { delayMs: 300 } };
    const started = Date.now();
    expect((await fetch(url, init)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    emu.faults = {};
  });
});
