import { API_VERSION, Texts } from './protocol-texts.js';
import { checkBool, checkEnum, checkFloat, checkInt, checkList, checkObject, checkText, type Checked } from './validators.js';

/** The speech models the live service accepted on 2026-09-24, in its own order (spec §4.1). */
export const SPEECH_MODELS = [
  'universal-streaming-english',
  'universal-streaming-multilingual',
  'whisper-rt',
  'u3-rt-pro',
  'u3-rt-pro-beta-1',
  'u3-rt-agent',
  'universal-3-5-pro',
  'universal-3-6-pro',
  'universal-3-6',
  'universal-3-7-preview',
  '_universal-3-5-notetaker',
] as const;

/**
 * Names the service accepts for a model without listing them in its enum: the SDKs' deprecated `u3-pro`
 * routes to `u3-rt-pro` (AssemblyAI's model reference). Begin echoes the model it routes to.
 */
export const MODEL_ALIASES: Readonly<Record<string, (typeof SPEECH_MODELS)[number]>> = { 'u3-pro': 'u3-rt-pro' };

/** Audio encodings (spec §4.2). Only the PCM ones are decoded; compressed audio counts as silence here. */
export const ENCODINGS = ['pcm_s16le', 'pcm_mulaw', 'opus', 'ogg_opus', 'aac'] as const;

const LANGUAGE_CODES = ['en', 'es', 'de', 'fr', 'it', 'pt', 'tr', 'nl', 'sv', 'no', 'da', 'fi', 'hi', 'vi', 'ar', 'he', 'ja', 'ur', 'zh', 'ru', 'ko', 'ca', 'gl', 'ro', 'et', 'fa', 'yue', 'af', 'mr', 'zu', 'xh', 'nn', 'multi'];

/** PII policy names (spec §5.3). */
const PII_POLICIES = ['account_number', 'banking_information', 'blood_type', 'corporate_action', 'credit_card_cvv', 'credit_card_expiration', 'credit_card_number', 'date', 'date_interval', 'date_of_birth', 'day', 'drivers_license', 'drug', 'duration', 'effect', 'email_address', 'event', 'filename', 'financial_metric', 'gender', 'gender_sexuality', 'healthcare_number', 'injury', 'ip_address', 'language', 'location', 'location_address', 'location_address_street', 'location_city', 'location_coordinate', 'location_country', 'location_state', 'location_zip', 'marital_status', 'medical_code', 'medical_condition', 'medical_process', 'money_amount', 'month', 'nationality', 'number_sequence', 'occupation', 'organization', 'organization_id', 'organization_medical_facility', 'passport_number', 'password', 'person_age', 'person_name', 'phone_number', 'physical_attribute', 'political_affiliation', 'product', 'project', 'religion', 'sexuality', 'statistics', 'time', 'trend', 'url', 'us_social_security_number', 'username', 'vehicle_id', 'year', 'zodiac_sign'];

type Check = (raw: unknown) => Checked<unknown>;

const listOf = (max: number, allowed: readonly string[], commaForm = false): Check => (raw) => {
  const list = checkList(raw, max, commaForm);
  if (!list.ok) return list;
  const wrong = list.value.find((v) => !allowed.includes(v));
  if (wrong !== undefined) return checkEnum(wrong, allowed as string[]);
  return list;
};

/** `language_codes`: up to 10 known codes; `multi` (free code-switching) only on its own. */
const languageCodes: Check = (raw) => {
  const list = listOf(10, LANGUAGE_CODES)(raw);
  if (list.ok && (list.value as string[]).includes('multi') && (list.value as string[]).length > 1) {
    return { ok: false, error: { type: 'value_error', msg: "Value error, 'multi' cannot be combined with other language codes" } };
  }
  return list;
};

/** Every parameter the service reads (spec §4.2): how to check it, and whether UpdateConfiguration may change it (§6.2). */
const PARAMS: Record<string, { check: Check; updatable?: boolean }> = {
  speech_model: { check: (r) => (typeof r === 'string' && r in MODEL_ALIASES ? { ok: true, value: MODEL_ALIASES[r] } : checkEnum(r, SPEECH_MODELS)) },
  sample_rate: {
    check: (r) => {
      const n = checkInt(r);
      if (!n.ok) return n;
      if (n.value < 8000) return { ok: false, error: { type: 'value_error', msg: 'Value error, sample_rate must be at least 8,000 Hz' } };
      if (n.value > 96000) return { ok: false, error: { type: 'value_error', msg: 'Value error, sample_rate must be at most 96,000 Hz' } };
      return n;
    },
  },
  encoding: {
    check: (r) => ((ENCODINGS as readonly unknown[]).includes(r) ? { ok: true, value: r } : { ok: false, error: { type: 'enum', msg: `'${String(r)}' is not a valid Encoding` } }),
  },
  format_turns: { check: checkBool, updatable: true },
  end_of_turn_confidence_threshold: { check: (r) => checkFloat(r, 0, 1), updatable: true },
  min_turn_silence: { check: (r) => checkInt(r), updatable: true },
  max_turn_silence: { check: (r) => checkInt(r), updatable: true },
  vad_threshold: { check: (r) => checkFloat(r, 0, 1), updatable: true },
  keyterms_prompt: { check: (r) => checkList(r, 100), updatable: true },
  prompt: { check: (r) => checkText(r, 1750, 'prompt'), updatable: true },
  agent_context: { check: (r) => checkText(r, 1750, 'agent_context'), updatable: true },
  previous_context_n_turns: { check: (r) => checkInt(r, 0, 100) },
  mode: { check: (r) => checkEnum(r, ['min_latency', 'balanced', 'max_accuracy']), updatable: true },
  interruption_delay: { check: (r) => checkInt(r, 0, 1000), updatable: true },
  continuous_partials: { check: checkBool, updatable: true },
  turn_left_pad_ms: { check: (r) => checkInt(r), updatable: true },
  max_turn_duration: { check: (r) => checkInt(r) },
  language_detection: { check: checkBool },
  language_codes: { check: languageCodes, updatable: true },
  language_code: { check: (r) => checkEnum(r, LANGUAGE_CODES) },
  language: { check: (r) => checkEnum(r, ['en', 'multi']) },
  inactivity_timeout: { check: (r) => checkInt(r, 5, 3600) },
  speaker_labels: { check: checkBool },
  max_speakers: { check: (r) => checkInt(r, 1, 10) },
  speaker_labels_revision_interval_ms: { check: (r) => checkInt(r, 0, 86_400_000) },
  filter_profanity: { check: checkBool, updatable: true },
  redact_pii: { check: checkBool },
  redact_pii_policies: { check: listOf(PII_POLICIES.length, PII_POLICIES, true) },
  redact_pii_sub: { check: (r) => checkEnum(r, ['hash', 'entity_name']) },
  include_partial_turns: { check: checkBool },
  domain: { check: (r) => checkEnum(r, ['medical-v1']) },
  voice_focus: { check: (r) => checkEnum(r, ['near-field', 'far-field']) },
  voice_focus_threshold: { check: (r) => checkFloat(r, 0, 1) },
  session_heartbeat: { check: checkBool, updatable: true },
  acknowledge_silence: { check: checkBool, updatable: true },
  webhook_url: { check: (r) => checkText(r, 2048, 'webhook_url') },
  webhook_auth_header_name: { check: (r) => checkText(r, 256, 'webhook_auth_header_name') },
  webhook_auth_header_value: { check: (r) => checkText(r, 4096, 'webhook_auth_header_value') },
  llm_gateway: { check: checkObject },
  _customer_support_audio_capture: { check: checkBool },
};

/** The validated parameters of a session, by wire name; only what the client sent, plus `speech_model`, `sample_rate`, `encoding`. */
export type SessionConfig = Record<string, unknown> & { speech_model: string; sample_rate: number; encoding: string };

/** Validation outcome: the config, or the `Error` text for a 3006 (spec §4). */
export type ConfigResult = { ok: true; config: SessionConfig } | { ok: false; text: string };

/**
 * Validates the connection query (spec §4): unknown names are ignored, the first invalid value gives the
 * service's 3006 text. `defaultModel` is used when `speech_model` is absent (the server default changes).
 */
export function parseSessionQuery(query: URLSearchParams, defaultModel: string): ConfigResult {
  const config: Record<string, unknown> = { speech_model: defaultModel, sample_rate: 16000, encoding: 'pcm_s16le' };
  for (const [name, spec] of Object.entries(PARAMS)) {
    const raw = query.get(name);
    if (raw === null) continue;
    const checked = spec.check(raw);
    if (!checked.ok) return { ok: false, text: Texts.invalidParam(name, checked.error.msg) };
    config[name] = checked.value;
  }
  return { ok: true, config: config as SessionConfig };
}

/**
 * Applies an `UpdateConfiguration` message (spec §6.2): fields that may change are checked and applied;
 * an invalid value is fatal (3006). Fields that cannot change mid-session are ignored, as the service does.
 */
export function applyUpdate(config: SessionConfig, update: Record<string, unknown>): { ok: true } | { ok: false; text: string } {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(update)) {
    if (name === 'type') continue;
    const spec = PARAMS[name === 'min_end_of_turn_silence_when_confident' ? 'min_turn_silence' : name];
    if (!spec?.updatable) continue;
    const checked = spec.check(value);
    if (!checked.ok) return { ok: false, text: Texts.invalidParam(name, checked.error.msg) };
    changes[name === 'min_end_of_turn_silence_when_confident' ? 'min_turn_silence' : name] = checked.value;
  }
  Object.assign(config, changes);
  return { ok: true };
}

/** Which message pattern a model follows (spec §5.3). */
export type ModelFamily = 'u3' | 'universal-streaming' | 'whisper';

/** The family of a speech model. */
export function modelFamily(model: string): ModelFamily {
  if (model.startsWith('universal-streaming')) return 'universal-streaming';
  if (model === 'whisper-rt') return 'whisper';
  return 'u3';
}

/** `Begin.configuration`: what the service echoes (spec §5.1); unset optionals are `null`. */
export function beginConfiguration(config: SessionConfig): Record<string, unknown> {
  return {
    model: config.speech_model,
    mode: modelFamily(config.speech_model) === 'u3' ? (config.mode ?? 'balanced') : null,
    api_version: API_VERSION,
    speaker_labels: config.speaker_labels ?? false,
    redact_pii: config.redact_pii ?? false,
    filter_profanity: config.filter_profanity ?? false,
    domain: config.domain ?? null,
    voice_focus: config.voice_focus ?? null,
  };
}

/**
 * Milliseconds of silence that end a turn here. U3 ends a turn at `min_turn_silence` when the text has
 * terminal punctuation; our recognizers cannot see punctuation mid-sentence, so the emulator waits at least
 * 500 ms (never beyond `max_turn_silence`) to avoid cutting sentences at word gaps.
 */
export function turnEndSilenceMs(config: SessionConfig): number {
  const family = modelFamily(config.speech_model);
  const min = (config.min_turn_silence as number | undefined) ?? (family === 'u3' ? 100 : 400);
  const max = (config.max_turn_silence as number | undefined) ?? (family === 'u3' ? 1000 : 1280);
  return Math.min(Math.max(min, 500), Math.max(max, 50));
}
