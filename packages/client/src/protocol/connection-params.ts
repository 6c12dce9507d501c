/**
 * Every v3 connection parameter (spec §4.2), camelCase in our API and snake_case on the wire.
 * Values are sent exactly as given — `0` and `false` included — and arrays/objects are JSON text.
 */

/** Speech models known on 2026-09-24 (§4.1). Any other string is passed through: models change often. */
export type SpeechModel =
  | 'u3-rt-pro'
  | 'universal-3-5-pro'
  | 'universal-3-6-pro'
  | 'universal-streaming-english'
  | 'universal-streaming-multilingual'
  | 'whisper-rt'
  | (string & {});

/** Audio encodings (§4.2, §7). Earshot re-chunks `pcm_s16le` and `pcm_mulaw`; compressed ones pass through. */
export type AudioEncoding = 'pcm_s16le' | 'pcm_mulaw' | 'opus' | 'ogg_opus' | 'aac';

/** The `llm_gateway` object (§4.2). */
export interface LlmGatewayConfig {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  [key: string]: unknown;
}

/** Connection parameters. Only `speechModel`, `sampleRate` and `encoding` have client-side defaults. */
export interface StreamingParams {
  /** Default `'u3-rt-pro'`. Always sent: the server default changes with launches (§4.1). */
  speechModel?: SpeechModel;
  /** Hz, 8000–96000; must match the audio. Default 16000. */
  sampleRate?: number;
  /** Default `'pcm_s16le'`. */
  encoding?: AudioEncoding;
  /** Universal-Streaming / whisper-rt: send a formatted second final per turn. */
  formatTurns?: boolean;
  /** Universal-Streaming only, 0–1 (deprecated by the service). */
  endOfTurnConfidenceThreshold?: number;
  /** Milliseconds of silence before a confident turn end. */
  minTurnSilence?: number;
  /** Milliseconds of silence that always end a turn. */
  maxTurnSilence?: number;
  /** 0–1: frames below it count as silence. */
  vadThreshold?: number;
  /** Up to 100 terms of ≤ 50 characters to boost. */
  keytermsPrompt?: string[];
  /** U3 only, ≤ 1750 characters of context. */
  prompt?: string;
  /** U3.5/3.6: the agent's last reply, ≤ 1750 characters. */
  agentContext?: string;
  /** U3.5/3.6: 0–100 turns of context carried over. */
  previousContextNTurns?: number;
  /** U3 latency/accuracy preset. */
  mode?: 'min_latency' | 'balanced' | 'max_accuracy';
  /** U3.5/3.6: 0–1000 ms before the early partial. */
  interruptionDelay?: number;
  /** U3.5/3.6: a partial every ~1 s of speech. */
  continuousPartials?: boolean;
  turnLeftPadMs?: number;
  maxTurnDuration?: number;
  /** Adds `language_code` / `language_confidence` to finals. */
  languageDetection?: boolean;
  /** U3.5/3.6: up to 10 language codes to bias towards. */
  languageCodes?: string[];
  /** Deprecated single-language form. */
  languageCode?: string;
  /** Deprecated Universal-Streaming language (`en` | `multi`). */
  language?: string;
  /** Seconds (5–3600) without any message before the service ends the session with 3006. */
  inactivityTimeout?: number;
  speakerLabels?: boolean;
  /** 1–10, with `speakerLabels`. */
  maxSpeakers?: number;
  speakerLabelsRevisionIntervalMs?: number;
  filterProfanity?: boolean;
  redactPii?: boolean;
  redactPiiPolicies?: string[];
  redactPiiSub?: 'hash' | 'entity_name';
  /** Default true on the service (false with `redactPii`): `false` sends finals only. */
  includePartialTurns?: boolean;
  domain?: 'medical-v1' | (string & {});
  voiceFocus?: 'near-field' | 'far-field';
  voiceFocusThreshold?: number;
  /** A `Heartbeat` every ~5 s. */
  sessionHeartbeat?: boolean;
  /** `Silence` messages ~1/s (U3). */
  acknowledgeSilence?: boolean;
  webhookUrl?: string;
  webhookAuthHeaderName?: string;
  /** Sent in the URL: prefer a webhook secret that is not your API key. */
  webhookAuthHeaderValue?: string;
  llmGateway?: LlmGatewayConfig;
  customerSupportAudioCapture?: boolean;
  /** Parameters this version does not know yet, sent as given (`{ new_param: 'x' }`). */
  extraParams?: Record<string, string | number | boolean>;
}

/**
 * The wire name of an option: snake_case of its camelCase name (`previousContextNTurns` →
 * `previous_context_n_turns`), except the one internal parameter with a leading underscore. Derived rather
 * than tabled to keep the bundle small; the options' types catch misspelt names at compile time.
 */
export function wireName(option: string): string {
  const snake = option.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return option === 'customerSupportAudioCapture' ? `_${snake}` : snake;
}

/** Client-side defaults (the service's own defaults change; we always send these). */
export const PARAM_DEFAULTS = {
  speechModel: 'u3-rt-pro',
  sampleRate: 16000,
  encoding: 'pcm_s16le',
} as const satisfies Partial<StreamingParams>;

/** Encodes one value the way the service reads it: JSON for arrays and objects, plain text otherwise. */
export function encodeParamValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** The wire query pairs for the given params, defaults applied; `undefined`/`null` values are left out. */
export function toWireParams(params: StreamingParams): [string, string][] {
  const merged: StreamingParams = { ...PARAM_DEFAULTS, ...params };
  const { extraParams, ...known } = merged;
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(known)) {
    if (value !== undefined && value !== null) pairs.push([wireName(key), encodeParamValue(value)]);
  }
  for (const [name, value] of Object.entries(extraParams ?? {})) pairs.push([name, encodeParamValue(value)]);
  return pairs;
}

/** Fields accepted by `UpdateConfiguration` (§6.2), camelCase. */
export type UpdatableParams = Pick<
  StreamingParams,
  | 'prompt'
  | 'keytermsPrompt'
  | 'minTurnSilence'
  | 'maxTurnSilence'
  | 'endOfTurnConfidenceThreshold'
  | 'vadThreshold'
  | 'formatTurns'
  | 'mode'
  | 'continuousPartials'
  | 'interruptionDelay'
  | 'agentContext'
  | 'languageCodes'
  | 'turnLeftPadMs'
  | 'sessionHeartbeat'
  | 'filterProfanity'
  | 'acknowledgeSilence'
>;

/** The JSON body of an `UpdateConfiguration` message: only the fields given, snake_case, values as JSON (not text). */
export function toUpdateConfiguration(update: UpdatableParams): Record<string, unknown> {
  const body: Record<string, unknown> = { type: 'UpdateConfiguration' };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) body[wireName(key)] = value;
  }
  return body;
}
