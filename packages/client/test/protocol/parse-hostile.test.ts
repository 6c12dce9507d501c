// Invariant 8: parseServerMessage never throws, whatever JSON arrives — including `type` values that name
// members of Object.prototype, which a lookup table would otherwise find.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../src/protocol/parse-message.js';

const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];
const KNOWN = ['Begin', 'Turn', 'SpeechStarted', 'Termination', 'Error', 'Warning', 'Heartbeat', 'SpeakerRevision', 'LLMGatewayResponse', 'Silence'];

describe('parseServerMessage on hostile frames', () => {
  it.each(INHERITED)('reports {"type":"%s"} as an unknown type instead of throwing', (type) => {
    const raw = JSON.stringify({ type, words: [], revisions: [] });
    const parsed = parseServerMessage(raw);
    expect(parsed).toEqual({ ok: false, reason: `unknown message type "${type}"`, raw });
  });

  it.each([
    '{"type":"SpeakerRevision","revisions":[null]}',
    '{"type":"SpeakerRevision","revisions":[{"turn_order":0}]}',
    '{"type":"SpeakerRevision","revisions":[{"turn_order":0,"words":[{"text":"a"}]}]}',
    '{"type":"Turn","turn_order":0,"end_of_turn":true,"transcript":"a","words":[null]}',
    '{"type":"LLMGatewayResponse","turn_order":"1","data":{}}',
    '{"__proto__":{"type":"Begin"},"id":"x","expires_at":1}',
  ])('refuses %s, whose fields the session would read', (raw) => {
    expect(parseServerMessage(raw).ok).toBe(false);
  });

  it('never throws, and anything it accepts has a known type and sound word lists (property)', () => {
    const type = fc.oneof(fc.constantFrom(...KNOWN, ...INHERITED), fc.string());
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom(...INHERITED));
    const frame = fc.record({ type, turn_order: value, end_of_turn: value, transcript: value, words: value, revisions: value, id: value, expires_at: value, timestamp: value, error: value }, { requiredKeys: ['type'] });
    fc.assert(
      fc.property(fc.oneof(frame, fc.jsonValue()), (input) => {
        const raw = JSON.stringify(input) ?? 'null';
        const parsed = parseServerMessage(raw);
        if (!parsed.ok) return;
        expect(KNOWN).toContain(parsed.message.type);
        if (parsed.message.type === 'Turn') for (const w of parsed.message.words) expect(typeof w.start).toBe('number');
        if (parsed.message.type === 'SpeakerRevision') for (const r of parsed.message.revisions) expect(Array.isArray(r.words)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws for arbitrary text either', () => {
    fc.assert(fc.property(fc.string(), (raw) => void parseServerMessage(raw)), { numRuns: 2000 });
  });
});
