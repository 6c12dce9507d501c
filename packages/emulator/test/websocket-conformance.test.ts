// Spec §2, §4–§9 and the checklist §14: what the emulator's /v3/ws does, frame by frame, over a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { RawClient, bytesOf, noise } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: 'key-123', recognizer: 'scripted', beginDelayMs: 0 });
});
afterAll(() => emu.close());

const open = (query = '', token = emu.mintToken()) => new RawClient(`${emu.url}?token=${encodeURIComponent(token)}${query}`);
/** The Error frame and close a refused or failed session produced. */
async function failure(c: RawClient) {
  const close = await c.closed;
  const error = c.messages.find((m) => m.type === 'Error');
  return { close, error };
}
const ERROR_REASON = 'See Error message for details';

describe('authentication (§2, §14.3)', () => {
  it('refuses a connection with no credentials', async () => {
    const c = new RawClient(emu.url);
    expect(await failure(c)).toEqual({
      close: { code: 1008, reason: ERROR_REASON },
      error: { type: 'Error', error_code: 1008, error: 'Unauthorized Connection: Missing Authorization header' },
    });
    expect(c.messages).toHaveLength(1);
  });

  it('refuses "Bearer <key>" on the socket', async () => {
    const c = new RawClient(emu.url, { authorization: 'Bearer key-123' });
    expect((await failure(c)).error?.error).toBe('Unauthorized Connection: Invalid API key');
  });

  it('accepts the raw key in the Authorization header', async () => {
    const c = new RawClient(emu.url, { authorization: 'key-123' });
    expect((await c.next('Begin')).type).toBe('Begin');
    c.ws.close();
  });

  it('accepts a temporary token in the Authorization header (as the Python SDK sends it)', async () => {
    const c = new RawClient(emu.url, { authorization: emu.mintToken() });
    expect((await c.next('Begin')).type).toBe('Begin');
    c.ws.close();
  });

  it('refuses an unknown token', async () => {
    const c = new RawClient(`${emu.url}?token=AQInotatoken`);
    expect((await failure(c)).error?.error).toBe('Unauthorized Connection: Invalid API key');
  });
});

describe('Begin (§5.1, §14.5)', () => {
  it('sends a uuid, expires_at in seconds, and the configuration echo', async () => {
    const c = open('&speech_model=u3-rt-pro&sample_rate=16000&encoding=pcm_s16le&filter_profanity=yes&domain=medical-v1');
    const begin = await c.next('Begin');
    expect(begin.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(begin.expires_at)).toBe(true);
    expect(begin.expires_at as number).toBeGreaterThan(Date.now() / 1000 + 10_790);
    expect(begin.configuration).toEqual({
      model: 'u3-rt-pro', mode: 'balanced', api_version: '2025-05-12', speaker_labels: false, redact_pii: false,
      filter_profanity: true, domain: 'medical-v1', voice_focus: null,
    });
    c.ws.close();
  });

  it('uses the configured default model when none is sent, with mode null on Universal-Streaming', async () => {
    const us = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, defaultModel: 'universal-streaming-english' });
    const c = new RawClient(`${us.url}?token=${us.mintToken()}`);
    expect((await c.next('Begin')).configuration).toMatchObject({ model: 'universal-streaming-english', mode: null });
    await us.close();
  });

  it('waits the configured Begin delay', async () => {
    const slow = await startEmulator({ recognizer: 'scripted', beginDelayMs: 400 });
    const started = Date.now();
    const c = new RawClient(`${slow.url}?token=${slow.mintToken()}`);
    await c.next('Begin');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await slow.close();
  });

  it('ignores unknown and misspelt parameters (§4)', async () => {
    const c = open('&speechModel=nope&min_turn_silense=9&speaker_lables=true');
    expect((await c.next('Begin')).type).toBe('Begin');
    c.ws.close();
  });
});

describe('parameter validation before Begin (§4, §14.4)', () => {
  it.each([
    ['&sample_rate=7000', "User Input Validation Error: Invalid 'sample_rate': Value error, sample_rate must be at least 8,000 Hz"],
    ['&encoding=flac', "User Input Validation Error: Invalid 'encoding': 'flac' is not a valid Encoding"],
    ['&speech_model=universal-4', "User Input Validation Error: Invalid 'speech_model': Input should be 'universal-streaming-english', 'universal-streaming-multilingual', 'whisper-rt', 'u3-rt-pro', 'u3-rt-pro-beta-1', 'u3-rt-agent', 'universal-3-5-pro', 'universal-3-6-pro', 'universal-3-6', 'universal-3-7-preview' or '_universal-3-5-notetaker'"],
    [`&keyterms_prompt=${encodeURIComponent(JSON.stringify(Array.from({ length: 101 }, (_, i) => `t${i}`)))}`, "User Input Validation Error: Invalid 'keyterms_prompt': Value error, Max 100 items"],
    [`&prompt=${'x'.repeat(1751)}`, "User Input Validation Error: Invalid 'prompt': Value error, prompt exceeds maximum length of 1750 characters (got 1751)"],
    ['&keyterms_prompt=AssemblyAI', "User Input Validation Error: Invalid 'keyterms_prompt': Input should be a valid list"],
    ['&inactivity_timeout=4', "User Input Validation Error: Invalid 'inactivity_timeout': Input should be greater than or equal to 5"],
    ['&vad_threshold=1.5', "User Input Validation Error: Invalid 'vad_threshold': Input should be less than or equal to 1"],
    ['&format_turns=maybe', "User Input Validation Error: Invalid 'format_turns': Input should be a valid boolean, unable to interpret input"],
    ['&mode=fast', "User Input Validation Error: Invalid 'mode': Input should be 'min_latency', 'balanced' or 'max_accuracy'"],
    ['&max_speakers=11', "User Input Validation Error: Invalid 'max_speakers': Input should be less than or equal to 10"],
    [`&language_codes=${encodeURIComponent('["en","xx"]')}`, "User Input Validation Error: Invalid 'language_codes': Input should be 'en', 'es', 'de', 'fr', 'it', 'pt', 'tr', 'nl', 'sv', 'no', 'da', 'fi', 'hi', 'vi', 'ar', 'he', 'ja', 'ur', 'zh', 'ru', 'ko', 'ca', 'gl', 'ro', 'et', 'fa', 'yue', 'af', 'mr', 'zu', 'xh', 'nn' or 'multi'"],
  ])('%s → Error 3006 then close 3006, no Begin', async (query, text) => {
    const c = open(query);
    expect(await failure(c)).toEqual({ close: { code: 3006, reason: ERROR_REASON }, error: { type: 'Error', error_code: 3006, error: text } });
    expect(c.messages.some((m) => m.type === 'Begin')).toBe(false);
  });

  it('accepts 0, false, JSON arrays, and redact_pii_policies as JSON or comma list', async () => {
    const q = `&end_of_turn_confidence_threshold=0&format_turns=false&keyterms_prompt=${encodeURIComponent('["a","b"]')}&redact_pii=true&redact_pii_policies=person_name,phone_number`;
    const c = open(q);
    expect((await c.next('Begin')).type).toBe('Begin');
    c.ws.close();
    const d = open(`&redact_pii_policies=${encodeURIComponent('["person_name"]')}`);
    expect((await d.next('Begin')).type).toBe('Begin');
    d.ws.close();
  });
});

describe('audio rules (§7, §14.6)', () => {
  it('closes 3007 at once on a chunk over 1000 ms', async () => {
    const c = open();
    await c.next('Begin');
    c.ws.send(bytesOf(noise(19_200))); // 1200 ms at 16 kHz
    expect(await failure(c)).toEqual({
      close: { code: 3007, reason: ERROR_REASON },
      error: { type: 'Error', error_code: 3007, error: 'Input Duration Error: Input Duration Violation: 1200.0 ms. Expected between 50 and 1000 ms' },
    });
  });

  it('accepts 1000 ms chunks (32 000 bytes)', async () => {
    const c = open();
    await c.next('Begin');
    c.ws.send(bytesOf(noise(16_000)));
    c.sendJson({ type: 'Terminate' });
    expect((await c.closed).code).toBe(1000);
  });

  it('tolerates ~1 s of 20 ms chunks, then closes 3007 (as seen live)', async () => {
    const c = open();
    await c.next('Begin');
    const sent = await (async () => {
      for (let i = 1; i <= 60; i++) {
        if (c.ws.readyState !== c.ws.OPEN) return i - 1;
        c.ws.send(bytesOf(noise(320)));
        await new Promise((r) => setTimeout(r, 20));
      }
      return 60;
    })();
    const { close, error } = await failure(c);
    expect(close.code).toBe(3007);
    expect(error?.error).toBe('Input Duration Error: Input Duration Violation: 20.0 ms. Expected between 50 and 1000 ms');
    expect(sent).toBeGreaterThanOrEqual(49);
  });

  it('closes 3007 "rate exceeded" when audio runs far ahead of real time', async () => {
    const c = open();
    await c.next('Begin');
    // The default tolerance is the ~300 s of look-ahead seen live (docs/protocol.md §7): a 15 s replay passes, 302 s does not.
    const second = bytesOf(noise(16_000));
    for (let i = 0; i < 302 && c.ws.readyState === c.ws.OPEN; i++) c.ws.send(second);
    const { close, error } = await failure(c);
    expect(close.code).toBe(3007);
    expect(error?.error).toMatch(/^Input Duration Error: Audio Transmission Rate Exceeded: Received 30[01]\.0 sec\. audio in \d+\.\d sec$/);
  });

  it('closes 1009 on a message over 128 KB, with no Error frame', async () => {
    const c = open('&sample_rate=96000');
    await c.next('Begin');
    c.ws.send(Buffer.alloc(128 * 1024 + 2));
    expect((await c.closed).code).toBe(1009);
    expect(c.messages.filter((m) => m.type === 'Error')).toEqual([]);
  });
});

describe('control messages (§6, §14.8)', () => {
  it.each([
    ['{not json', /^User Input Validation Error: Invalid JSON: /],
    ['[]', /^Invalid Message: \[\]$/],
    ['{"type":"Bogus"}', /^Invalid Message Type: Bogus$/],
  ])('%s → 3006', async (text, pattern) => {
    const c = open();
    await c.next('Begin');
    c.ws.send(text);
    const { close, error } = await failure(c);
    expect(close).toEqual({ code: 3006, reason: ERROR_REASON });
    expect(error?.error).toMatch(pattern);
  });

  it('applies a valid UpdateConfiguration silently and closes 3006 on an invalid one', async () => {
    const c = open();
    await c.next('Begin');
    c.sendJson({ type: 'UpdateConfiguration', keyterms_prompt: ['routing number'], min_turn_silence: 300 });
    c.sendJson({ type: 'KeepAlive' });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.messages.map((m) => m.type)).toEqual(['Begin']);
    const session = emu.sessions.at(-1)!;
    expect(session.config).toMatchObject({ keyterms_prompt: ['routing number'], min_turn_silence: 300 });
    c.sendJson({ type: 'UpdateConfiguration', agent_context: 'x'.repeat(2500) });
    const { close, error } = await failure(c);
    expect(close.code).toBe(3006);
    expect(error?.error).toBe("User Input Validation Error: Invalid 'agent_context': Value error, agent_context exceeds maximum length of 1750 characters (got 2500)");
  });

  it('answers Terminate with Termination (integer seconds), then close 1000 "Session Ended"', async () => {
    const c = open();
    await c.next('Begin');
    await c.stream(noise(16_000), 16000);
    c.sendJson({ type: 'Terminate' });
    expect(await c.closed).toEqual({ code: 1000, reason: 'Session Ended' });
    const last = c.messages.at(-1)!;
    expect(last).toEqual({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
  });
});

describe('timers (§8, §14.9)', () => {
  it('ends an idle session with the inactivity text after inactivity_timeout', async () => {
    const c = open('&inactivity_timeout=5');
    await c.next('Begin');
    const started = Date.now();
    const { close, error } = await failure(c);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(close.code).toBe(3006);
    expect(error?.error).toBe('Session terminated due to inactivity: No messages received for 5 seconds');
  }, 10_000);

  it('keeps a session alive on KeepAlive', async () => {
    const c = open('&inactivity_timeout=5');
    await c.next('Begin');
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 2500));
      c.sendJson({ type: 'KeepAlive' });
    }
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  }, 12_000);

  it('ends a session at its cap with 3008 and no Termination', async () => {
    const c = open('', emu.mintToken(60, 1));
    const begin = await c.next('Begin');
    expect(begin.expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1);
    const { close, error } = await failure(c);
    expect(close.code).toBe(3008);
    expect(error?.error).toBe('Session Expired: Maximum session duration exceeded');
    expect(c.messages.some((m) => m.type === 'Termination')).toBe(false);
  });

  it('sends a Heartbeat every ~5 s with session_heartbeat=true', async () => {
    const c = open('&session_heartbeat=true');
    await c.next('Begin');
    const beat = await c.next('Heartbeat');
    expect(beat).toMatchObject({ type: 'Heartbeat', total_audio_received_ms: 0 });
    expect(beat.total_duration_ms as number).toBeGreaterThanOrEqual(4900);
    c.ws.close();
  }, 10_000);
});

describe('new sessions per minute (§10, §14.10)', () => {
  it('refuses the session over the limit with 3009, or 1008 when configured', async () => {
    for (const code of [3009, 1008] as const) {
      const limited = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, sessionsPerMinute: 2, rateLimitCode: code });
      const clients = [0, 1, 2].map(() => new RawClient(`${limited.url}?token=${limited.mintToken()}`));
      await clients[0]!.next('Begin');
      await clients[1]!.next('Begin');
      expect(await failure(clients[2]!)).toEqual({
        close: { code, reason: ERROR_REASON },
        error: { type: 'Error', error_code: code, error: 'Unauthorized Connection: Too many concurrent sessions' },
      });
      await limited.close();
    }
  });
});
