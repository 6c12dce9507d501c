import type { ServerMessage } from './messages.js';

/** What {@link parseServerMessage} made of one text frame: a typed message, or why it was not one. */
export type ParsedFrame =
  | { ok: true; message: ServerMessage }
  | { ok: false; reason: string; raw: string };

type Json = Record<string, unknown>;
type Check = (m: Json) => string | undefined;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const need = (m: Json, field: string, kind: 'number' | 'string' | 'boolean' | 'array' | 'object'): string | undefined => {
  const v = m[field];
  const ok =
    kind === 'number' ? isNum(v)
    : kind === 'array' ? Array.isArray(v)
    : kind === 'object' ? typeof v === 'object' && v !== null
    : typeof v === kind;
  return ok ? undefined : `field "${field}" should be a ${kind}`;
};
const all = (...checks: Check[]): Check => (m) => {
  for (const c of checks) {
    const problem = c(m);
    if (problem) return problem;
  }
  return undefined;
};
const field = (name: string, kind: Parameters<typeof need>[2]): Check => (m) => need(m, name, kind);
const optional = (name: string, kind: Parameters<typeof need>[2]): Check => (m) =>
  m[name] === undefined || m[name] === null ? undefined : need(m, name, kind);

const wordsCheck: Check = (m) => {
  const words = m.words;
  if (!Array.isArray(words)) return 'field "words" should be a array';
  for (const w of words) {
    if (typeof w !== 'object' || w === null) return 'a word is not an object';
    const problem = all(field('text', 'string'), field('start', 'number'), field('end', 'number'))(w as Json);
    if (problem) return `word: ${problem}`;
  }
  return undefined;
};

/** The fields each known message type must carry to be usable (§5). Unknown extra fields are kept. */
const CHECKS: Record<ServerMessage['type'], Check> = {
  Begin: all(field('id', 'string'), field('expires_at', 'number'), optional('configuration', 'object')),
  SpeechStarted: field('timestamp', 'number'),
  Turn: all(
    field('turn_order', 'number'),
    field('end_of_turn', 'boolean'),
    field('transcript', 'string'),
    wordsCheck,
  ),
  Termination: all(optional('audio_duration_seconds', 'number'), optional('session_duration_seconds', 'number')),
  Error: field('error', 'string'),
  Warning: field('warning', 'string'),
  Heartbeat: () => undefined,
  SpeakerRevision: field('revisions', 'array'),
  LLMGatewayResponse: () => undefined,
  Silence: all(field('start_ms', 'number'), field('end_ms', 'number')),
};

/**
 * Parses one text frame from the service. Never throws: bad JSON, an unknown `type` or missing fields give
 * `{ ok: false, reason, raw }`, which the session reports as a `warning` and then ignores (spec §0, §5).
 * The legacy error form `{"error": "..."}` (no `type`) becomes an `Error` message (§5.5).
 */
export function parseServerMessage(raw: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})`, raw };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object', raw };
  }
  const m = value as Json;
  if (m.type === undefined && typeof m.error === 'string') {
    return { ok: true, message: { ...m, type: 'Error', error: m.error } as ServerMessage };
  }
  if (typeof m.type !== 'string') return { ok: false, reason: 'no "type" field', raw };
  const check = (CHECKS as Record<string, Check | undefined>)[m.type];
  if (!check) return { ok: false, reason: `unknown message type "${m.type}"`, raw };
  const problem = check(m);
  if (problem) return { ok: false, reason: `${m.type}: ${problem}`, raw };
  if (m.type === 'Turn') {
    // Defaults for fields that some models omit, so listeners never see `undefined` where the type says otherwise.
    m.turn_is_formatted = m.turn_is_formatted === true;
    m.end_of_turn_confidence = isNum(m.end_of_turn_confidence) ? m.end_of_turn_confidence : 0;
  }
  return { ok: true, message: m as unknown as ServerMessage };
}
