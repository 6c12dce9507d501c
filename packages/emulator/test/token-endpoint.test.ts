// Spec §3 and §14.1: the temporary-token endpoint, over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { RawClient } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: 'key-123', recognizer: 'scripted', beginDelayMs: 0 });
});
afterAll(() => emu.close());

const get = (query: string, headers: Record<string, string> = { authorization: 'key-123' }) =>
  fetch(`${emu.tokenUrl}${query}`, { headers });

describe('GET /v3/token', () => {
  it('mints an opaque token with the raw key and echoes expires_in_seconds', async () => {
    const res = await get('?expires_in_seconds=60');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expires_in_seconds: number };
    expect(body.expires_in_seconds).toBe(60);
    expect(body.token).toMatch(/^AQI[\w-]{100,}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts "Bearer <key>" on this endpoint (unlike the socket)', async () => {
    expect((await get('?expires_in_seconds=60', { authorization: 'Bearer key-123' })).status).toBe(200);
  });

  it('answers 422 with a FastAPI detail for a missing header', async () => {
    const res = await get('?expires_in_seconds=60', {});
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'authorization'], msg: 'Field required', input: null }] });
  });

  it.each([
    ['', { type: 'missing', loc: ['query', 'expires_in_seconds'], msg: 'Field required', input: null }],
    ['?expires_in_seconds=0', { type: 'greater_than_equal', loc: ['query', 'expires_in_seconds'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
    ['?expires_in_seconds=601', { type: 'less_than_equal', loc: ['query', 'expires_in_seconds'], msg: 'Input should be less than or equal to 600', input: '601', ctx: { le: 600 } }],
    ['?expires_in_seconds=soon', { type: 'int_parsing', loc: ['query', 'expires_in_seconds'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'soon' }],
    ['?expires_in_seconds=60&max_session_duration_seconds=59', { type: 'greater_than_equal', loc: ['query', 'max_session_duration_seconds'], msg: 'Input should be greater than or equal to 60', input: '59', ctx: { ge: 60 } }],
    ['?expires_in_seconds=60&max_session_duration_seconds=10801', { type: 'less_than_equal', loc: ['query', 'max_session_duration_seconds'], msg: 'Input should be less than or equal to 10800', input: '10801', ctx: { le: 10800 } }],
  ])('answers 422 for %s', async (query, detail) => {
    const res = await get(query);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: [detail] });
  });

  it('answers 401 for a wrong key', async () => {
    const res = await get('?expires_in_seconds=60', { authorization: 'wrong' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Invalid API key' });
  });
});

describe('tokens on the socket (spec §2, §3)', () => {
  const mint = async (query = '?expires_in_seconds=60') => ((await (await get(query)).json()) as { token: string }).token;

  it('opens a session once; a second use is refused by default (single-use)', async () => {
    const token = await mint();
    const first = new RawClient(`${emu.url}?token=${encodeURIComponent(token)}`);
    await first.next('Begin');
    const second = new RawClient(`${emu.url}?token=${encodeURIComponent(token)}`);
    expect(await second.closed).toEqual({ code: 1008, reason: 'See Error message for details' });
    expect(second.messages).toEqual([{ type: 'Error', error_code: 1008, error: 'Unauthorized Connection: Invalid API key' }]);
    first.ws.close();
  });

  it('lets a token open many sessions within its window with tokenReuse (as production was seen)', async () => {
    const reuse = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, tokenReuse: true });
    const token = reuse.mintToken(60);
    const a = new RawClient(`${reuse.url}?token=${token}`);
    const b = new RawClient(`${reuse.url}?token=${token}`);
    const [ba, bb] = await Promise.all([a.next('Begin'), b.next('Begin')]);
    expect(ba.id).not.toBe(bb.id);
    await reuse.close();
  });

  it('refuses a token past its redemption window with "Signature has expired"', async () => {
    const token = await mint('?expires_in_seconds=1');
    await new Promise((r) => setTimeout(r, 1100));
    const late = new RawClient(`${emu.url}?token=${token}`);
    expect((await late.closed).code).toBe(1008);
    expect(late.messages[0]).toEqual({ type: 'Error', error_code: 1008, error: 'Unauthorized Connection: Signature has expired' });
  });

  it('carries max_session_duration_seconds into Begin.expires_at', async () => {
    const token = await mint('?expires_in_seconds=60&max_session_duration_seconds=60');
    const c = new RawClient(`${emu.url}?token=${token}`);
    const begin = await c.next('Begin');
    const now = Math.floor(Date.now() / 1000);
    expect(begin.expires_at).toBeGreaterThanOrEqual(now + 58);
    expect(begin.expires_at).toBeLessThanOrEqual(now + 60);
    c.ws.close();
  });
});
