// Spec §5: every example message parses to its type; anything else is reported, never thrown.
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../src/protocol/parse-message.js';

const examples: Record<string, string> = {
  Begin: '{"type":"Begin","id":"12c77068-02b3-4941-a960-275a65230e31","expires_at":1790221526,"configuration":{"model":"universal-3-5-pro","mode":"balanced","api_version":"2025-05-12","speaker_labels":false,"redact_pii":false,"filter_profanity":false,"domain":null,"voice_focus":null}}',
  BeginWithoutConfiguration: '{"type":"Begin","id":"3207b601-2054-48df-ba77-8784dfcf9fb8","expires_at":1772570132}',
  SpeechStarted: '{ "type": "SpeechStarted", "timestamp": 1216, "confidence": 0.987654 }',
  Turn: '{"type":"Turn","turn_order":0,"turn_is_formatted":true,"end_of_turn":true,"transcript":"My name is Sonny.","end_of_turn_confidence":1,"utterance":"My name is Sonny.","words":[{"text":"My","start":1216,"end":1635,"confidence":0.956583,"word_is_final":true},{"text":"Sonny.","start":3016,"end":4155,"confidence":0.316031,"word_is_final":true}],"language_code":"en","language_confidence":0.98,"speaker_label":"A","speaker_confidence":0.886574}',
  TurnPartialUS: '{"turn_order":0,"turn_is_formatted":false,"end_of_turn":false,"transcript":"hi","end_of_turn_confidence":0.000014,"words":[{"start":1920,"end":2000,"text":"hi","confidence":0.874618,"word_is_final":true},{"start":2800,"end":2880,"text":"my","confidence":0.812831,"word_is_final":false}],"utterance":"","type":"Turn"}',
  TurnWhisper: '{"turn_order":0,"turn_is_formatted":false,"end_of_turn":true,"transcript":"buenos días","end_of_turn_confidence":1.0,"words":[{"start":1200,"end":2596,"text":"buenos","confidence":0.0,"word_is_final":true}],"utterance":"Buenos días.","language_code":"es","language_confidence":0.846999,"type":"Turn"}',
  Termination: '{ "type": "Termination", "audio_duration_seconds": 69, "session_duration_seconds": 73 }',
  Error: '{ "type": "Error", "error_code": 3007, "error": "Input Duration Error: Input Duration Violation: 20.0 ms. Expected between 50 and 1000 ms" }',
  Warning: '{ "type": "Warning", "warning_code": 1234, "warning": "human readable text" }',
  Heartbeat: '{ "type": "Heartbeat", "total_audio_received_ms": 9888, "total_duration_ms": 10096, "realtime_factor": 0.9983, "max_speech_probability": 0.999999 }',
  SpeakerRevision: '{ "type": "SpeakerRevision", "revisions": [ { "turn_order": 1, "speaker_label": "B", "words": [ { "text": "Thanks,", "start": 10355, "end": 11615, "confidence": 0.796582, "speaker": "A", "word_is_final": true } ] } ] }',
  LLMGatewayResponse: '{ "type": "LLMGatewayResponse", "turn_order": 1, "transcript": "hello world", "data": { "x": "gateway response" } }',
  Silence: '{ "type": "Silence", "start_ms": 12000, "end_ms": 13000 }',
};

describe('parseServerMessage', () => {
  for (const [name, raw] of Object.entries(examples)) {
    it(`reads the spec's ${name} example`, () => {
      const parsed = parseServerMessage(raw);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.message).toMatchObject(JSON.parse(raw));
    });
  }

  it('turns the legacy {"error": "..."} form into an Error message (§5.5)', () => {
    const parsed = parseServerMessage('{"error":"Session Cancelled: An error occurred"}');
    expect(parsed).toEqual({ ok: true, message: { type: 'Error', error: 'Session Cancelled: An error occurred' } });
  });

  it('fills turn_is_formatted and end_of_turn_confidence when a model leaves them out', () => {
    const parsed = parseServerMessage('{"type":"Turn","turn_order":2,"end_of_turn":false,"transcript":"a","words":[]}');
    expect(parsed.ok && parsed.message).toMatchObject({ turn_is_formatted: false, end_of_turn_confidence: 0 });
  });

  it.each([
    ['{not json', /not JSON/],
    ['[]', /not a JSON object/],
    ['"Begin"', /not a JSON object/],
    ['{"id":"x"}', /no "type"/],
    ['{"type":"Bogus"}', /unknown message type "Bogus"/],
    ['{"type":"Begin","expires_at":1}', /Begin: field "id"/],
    ['{"type":"Turn","turn_order":"0","end_of_turn":true,"transcript":"","words":[]}', /turn_order/],
    ['{"type":"Turn","turn_order":0,"end_of_turn":true,"transcript":"a","words":[{"text":"a"}]}', /word: field "start"/],
    ['{"type":"SpeechStarted"}', /timestamp/],
  ])('reports %s without throwing', (raw, reason) => {
    const parsed = parseServerMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
      expect(parsed.raw).toBe(raw);
    }
  });
});
