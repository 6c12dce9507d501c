// What the parser accepts around optional fields and start/end pairs.
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../src/protocol/parse-message.js';

describe('parseServerMessage: optional fields and extra fields', () => {
  it('refuses an LLMGatewayResponse whose turn_order is null (the type says number or absent; the timeline adds to it)', () => {
    expect(parseServerMessage('{"type":"LLMGatewayResponse","turn_order":null,"data":{}}').ok).toBe(false);
  });

  it('keeps unknown extra fields: a Termination that also carries start/end (any order) is still a Termination', () => {
    // start > end is judged on words and Silence only.
    const p = parseServerMessage('{"type":"Termination","audio_duration_seconds":3,"session_duration_seconds":4,"start":5,"end":1}');
    expect(p.ok).toBe(true);
    const legacy = parseServerMessage('{"error":"Session cancelled","start_ms":10,"end_ms":0}');
    expect(legacy.ok).toBe(true);
  });
});

describe('parseServerMessage: what must stay refused', () => {
  it('a word or a Silence whose start is after its end', () => {
    expect(parseServerMessage('{"type":"Silence","start_ms":10,"end_ms":5}').ok).toBe(false);
    const turn = { type: 'Turn', turn_order: 0, end_of_turn: true, transcript: 'a', words: [{ text: 'a', start: 9, end: 3 }] };
    expect(parseServerMessage(JSON.stringify(turn)).ok).toBe(false);
  });

  it('a Begin whose configuration is null still opens the session (null is no configuration)', () => {
    expect(parseServerMessage('{"type":"Begin","id":"s","expires_at":1,"configuration":null}').ok).toBe(true);
  });
});
