// Spec §1 (hosts), §4 (query parameters: JSON arrays/objects, booleans as text, unknown names ignored by the service).
import { describe, expect, it } from 'vitest';
import { toWireParams, type StreamingParams } from '../../src/protocol/connection-params.js';
import { STREAMING_URLS, buildSessionUrl, redactUrl, resolveStreamingUrl, type Region } from '../../src/protocol/endpoints.js';

// Every parameter name in spec §4.2, as the service spells it.
const SPEC_NAMES = [
  'token', 'speech_model', 'sample_rate', 'encoding', 'format_turns', 'end_of_turn_confidence_threshold',
  'min_turn_silence', 'max_turn_silence', 'vad_threshold', 'keyterms_prompt', 'prompt', 'agent_context',
  'previous_context_n_turns', 'mode', 'interruption_delay', 'continuous_partials', 'turn_left_pad_ms',
  'max_turn_duration', 'language_detection', 'language_codes', 'language_code', 'language', 'inactivity_timeout',
  'speaker_labels', 'max_speakers', 'speaker_labels_revision_interval_ms', 'filter_profanity', 'redact_pii',
  'redact_pii_policies', 'redact_pii_sub', 'include_partial_turns', 'domain', 'voice_focus', 'voice_focus_threshold',
  'session_heartbeat', 'acknowledge_silence', 'webhook_url', 'webhook_auth_header_name', 'webhook_auth_header_value',
  'llm_gateway', '_customer_support_audio_capture',
];
const query = (url: string) => Object.fromEntries(new URL(url).searchParams.entries());

describe('session URL', () => {
  it('sends the defaults u3-rt-pro, 16000 Hz, pcm_s16le and the token', () => {
    const q = query(buildSessionUrl(STREAMING_URLS.edge, {}, 'tok/+=en'));
    expect(q).toEqual({ speech_model: 'u3-rt-pro', sample_rate: '16000', encoding: 'pcm_s16le', token: 'tok/+=en' });
  });

  it('puts every parameter on the wire in snake_case, with 0, false, arrays and objects kept', () => {
    const all: Required<Omit<StreamingParams, 'extraParams'>> = {
      speechModel: 'universal-3-6-pro',
      sampleRate: 48000,
      encoding: 'pcm_mulaw',
      formatTurns: false,
      endOfTurnConfidenceThreshold: 0,
      minTurnSilence: 0,
      maxTurnSilence: 1280,
      vadThreshold: 0,
      keytermsPrompt: ['AssemblyAI', 'Earshot, Inc.'],
      prompt: 'Context',
      agentContext: 'How can I help?',
      previousContextNTurns: 0,
      mode: 'min_latency',
      interruptionDelay: 0,
      continuousPartials: false,
      turnLeftPadMs: 0,
      maxTurnDuration: 60,
      languageDetection: false,
      languageCodes: ['en', 'es'],
      languageCode: 'en',
      language: 'en',
      inactivityTimeout: 5,
      speakerLabels: false,
      maxSpeakers: 2,
      speakerLabelsRevisionIntervalMs: 0,
      filterProfanity: false,
      redactPii: false,
      redactPiiPolicies: ['person_name', 'phone_number'],
      redactPiiSub: 'entity_name',
      includePartialTurns: false,
      domain: 'medical-v1',
      voiceFocus: 'near-field',
      voiceFocusThreshold: 0,
      sessionHeartbeat: false,
      acknowledgeSilence: false,
      webhookUrl: 'https://example.test/hook',
      webhookAuthHeaderName: 'X-Hook',
      webhookAuthHeaderValue: 'secret',
      llmGateway: { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 0 },
      customerSupportAudioCapture: false,
    };
    const q = query(buildSessionUrl(STREAMING_URLS.edge, all, 't'));
    // Every option has a wire name and arrives exactly once.
    expect(Object.keys(q).sort()).toEqual(SPEC_NAMES.sort());
    expect(q.end_of_turn_confidence_threshold).toBe('0');
    expect(q.min_turn_silence).toBe('0');
    expect(q.format_turns).toBe('false');
    expect(q.previous_context_n_turns).toBe('0');
    expect(q.speaker_labels_revision_interval_ms).toBe('0');
    expect(q._customer_support_audio_capture).toBe('false');
    expect(JSON.parse(q.keyterms_prompt!)).toEqual(['AssemblyAI', 'Earshot, Inc.']);
    expect(JSON.parse(q.language_codes!)).toEqual(['en', 'es']);
    expect(JSON.parse(q.redact_pii_policies!)).toEqual(['person_name', 'phone_number']);
    expect(JSON.parse(q.llm_gateway!)).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 0 });
    expect(q.sample_rate).toBe('48000');
    expect(q.speech_model).toBe('universal-3-6-pro');
  });

  it('leaves out parameters that were not given', () => {
    const names = toWireParams({ prompt: undefined }).map(([n]) => n);
    expect(names).toEqual(['speech_model', 'sample_rate', 'encoding']);
  });

  it('passes extraParams through for parameters this version does not know', () => {
    const q = query(buildSessionUrl(STREAMING_URLS.edge, { extraParams: { brand_new: 0, flag: false } }, 't'));
    expect(q.brand_new).toBe('0');
    expect(q.flag).toBe('false');
  });

  it('picks the edge, US or EU host, or a custom ws: URL', () => {
    expect(resolveStreamingUrl({})).toBe('wss://streaming.assemblyai.com/v3/ws');
    expect(resolveStreamingUrl({ region: 'us' })).toBe('wss://streaming.us.assemblyai.com/v3/ws');
    expect(resolveStreamingUrl({ region: 'eu' })).toBe('wss://streaming.eu.assemblyai.com/v3/ws');
    expect(resolveStreamingUrl({ url: 'ws://127.0.0.1:8787/v3/ws', region: 'eu' })).toBe('ws://127.0.0.1:8787/v3/ws');
    // From plain JavaScript: an unset region may arrive as null.
    expect(resolveStreamingUrl({ region: null as unknown as Region })).toBe('wss://streaming.assemblyai.com/v3/ws');
  });

  it('refuses a URL that is not ws: or wss:, saying what to pass, with a UsageError', () => {
    expect(() => resolveStreamingUrl({ url: 'https://streaming.assemblyai.com/v3/ws' })).toThrow(/ws: or wss:/);
    expect(() => resolveStreamingUrl({ url: '/v3/ws' })).toThrow(/absolute URL/);
    // The URL itself is never quoted: an app may have put a token in it.
    expect(() => resolveStreamingUrl({ url: 'https://h/v3/ws?token=SECRET' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('SECRET') }));
    expect(() => resolveStreamingUrl({ url: 'v3/ws?token=SECRET' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('SECRET') }));
    for (const url of ['https://streaming.assemblyai.com/v3/ws', '/v3/ws']) {
      expect(() => resolveStreamingUrl({ url })).toThrow(expect.objectContaining({ name: 'UsageError', code: 'invalid_state' }));
    }
  });

  it.each(['mars', 'EU', '', 'toString', 'constructor', '__proto__'])('refuses region %j with a UsageError naming the regions', (region) => {
    expect(() => resolveStreamingUrl({ region: region as Region })).toThrow(expect.objectContaining({ name: 'UsageError', code: 'invalid_state', message: expect.stringMatching(/region must be edge, us or eu/) }));
  });

  it('hides the token when a URL is printed', () => {
    const url = buildSessionUrl('ws://127.0.0.1:1/v3/ws', {}, 'SECRET-TOKEN');
    expect(redactUrl(url)).not.toContain('SECRET-TOKEN');
    expect(redactUrl(url)).toContain('token=***');
  });
});
