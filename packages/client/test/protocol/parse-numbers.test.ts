// Numbers from the service are checked before the session does arithmetic with them: turn numbers are
// non-negative safe integers, times are finite, non-negative and ordered, an error code is a WebSocket close code
// (1000–4999) or is treated as absent. And what a warning quotes of a frame is bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../src/protocol/parse-message.js';

const word = (start: unknown, end: unknown) => ({ text: 'w', start, end, confidence: 1, word_is_final: true });
const turn = (o: Record<string, unknown>) => JSON.stringify({ type: 'Turn', turn_order: 0, end_of_turn: true, transcript: 'w', words: [word(0, 100)], ...o });
const reasonOf = (raw: string) => {
  const parsed = parseServerMessage(raw);
  return parsed.ok ? 'accepted' : parsed.reason;
};

describe('turn numbers', () => {
  it.each([-1, 0.5, 1e308, 2 ** 53 + 7, -1e308])('refuses a Turn numbered %s', (n) => {
    expect(reasonOf(turn({ turn_order: n }))).toMatch(/turn_order/);
  });
  it.each([-1, 0.5, 1e308])('refuses a SpeakerRevision or LLMGatewayResponse numbered %s', (n) => {
    expect(reasonOf(JSON.stringify({ type: 'SpeakerRevision', revisions: [{ turn_order: n, words: [] }] }))).toMatch(/turn_order/);
    expect(reasonOf(JSON.stringify({ type: 'LLMGatewayResponse', turn_order: n, data: {} }))).toMatch(/turn_order/);
  });
  it('accepts 0 and the largest safe integer', () => {
    expect(reasonOf(turn({ turn_order: 0 }))).toBe('accepted');
    expect(reasonOf(turn({ turn_order: Number.MAX_SAFE_INTEGER }))).toBe('accepted');
  });
});

describe('times', () => {
  it.each([
    ['a negative start', word(-1, 100)],
    ['a negative end', word(0, -1)],
    ['start after end', word(200, 100)],
    ['-1e308 to 1e308', word(-1e308, 1e308)],
  ])('refuses a Turn with a word of %s', (_, w) => {
    expect(reasonOf(turn({ words: [w] }))).toMatch(/word/);
  });
  it('refuses a revision word with start after end', () => {
    expect(reasonOf(JSON.stringify({ type: 'SpeakerRevision', revisions: [{ turn_order: 0, words: [word(9, 1)] }] }))).toMatch(/word/);
  });
  it('refuses a negative SpeechStarted and a Silence that ends before it starts', () => {
    expect(reasonOf(JSON.stringify({ type: 'SpeechStarted', timestamp: -5 }))).toMatch(/timestamp/);
    expect(reasonOf(JSON.stringify({ type: 'Silence', start_ms: 10, end_ms: -10 }))).not.toBe('accepted');
    expect(reasonOf(JSON.stringify({ type: 'Silence', start_ms: 20, end_ms: 10 }))).not.toBe('accepted');
  });
  it('accepts a word of zero length and a Silence of zero length', () => {
    expect(reasonOf(turn({ words: [word(100, 100)] }))).toBe('accepted');
    expect(reasonOf(JSON.stringify({ type: 'Silence', start_ms: 10, end_ms: 10 }))).toBe('accepted');
  });
  it('anything accepted has sound numbers (property)', () => {
    const n = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 1, -1, 1e308, -1e308, 2 ** 53 + 1));
    fc.assert(
      fc.property(n, n, n, (order, start, end) => {
        const parsed = parseServerMessage(turn({ turn_order: order, words: [word(start, end)] }));
        if (!parsed.ok || parsed.message.type !== 'Turn') return;
        expect(Number.isSafeInteger(parsed.message.turn_order) && parsed.message.turn_order >= 0).toBe(true);
        const w = parsed.message.words[0]!;
        expect(w.start >= 0 && w.start <= w.end && Number.isFinite(w.end)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('error codes', () => {
  it.each(['{}', '1e999', '-3005', '999', '5000', '3005.5', '"3005"', 'null'])('treats error_code %s as absent', (code) => {
    const parsed = parseServerMessage(`{"type":"Error","error":"bad","error_code":${code}}`);
    expect(parsed).toMatchObject({ ok: true, message: { type: 'Error', error: 'bad' } });
    expect(parsed.ok && parsed.message.type === 'Error' && parsed.message.error_code).toBeUndefined();
  });
  it('keeps a real close code', () => {
    expect(parseServerMessage('{"type":"Error","error":"bad","error_code":3006}')).toMatchObject({ ok: true, message: { error_code: 3006 } });
  });
});

describe('what a refused frame quotes', () => {
  it('is at most about 1 kB, and says how long the frame was', () => {
    const raw = `{"type":"Turn","transcript":"${'x'.repeat(100_000)}"}`;
    const parsed = parseServerMessage(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.raw.length).toBeLessThan(1100);
    expect(parsed.raw.startsWith(raw.slice(0, 1000))).toBe(true);
    expect(parsed.raw).toContain(String(raw.length));
    expect(parsed.reason.length).toBeLessThan(200);
  });
  it('is the whole frame when it is short', () => {
    expect(parseServerMessage('{"type":1}')).toMatchObject({ raw: '{"type":1}' });
  });
});
