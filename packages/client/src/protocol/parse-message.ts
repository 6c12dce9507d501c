import type { ServerMessage } from './messages.js';

/** What {@link parseServerMessage} made of one text frame: a typed message, or why it was not one. */
export type ParsedFrame =
  | { ok: true; message: ServerMessage }
  | { ok: false; reason: string; raw: string };

type Json = Record<string, unknown>;

/**
 * The fields each known message type must carry to be usable (§5), as `name:kind` with kinds n(umber),
 * i(ndex: a safe integer ≥ 0), t(ime: a number ≥ 0), s(tring), b(oolean), a(rray), o(bject); a `?` marks a
 * field that may be absent. Kept as text because this
 * table ships in every app's bundle; unknown extra fields are kept.
 */
const REQUIRED: Record<ServerMessage['type'], string> = {
  Begin: 'id:s expires_at:n configuration?:o',
  SpeechStarted: 'timestamp:t',
  Turn: 'turn_order:i end_of_turn:b transcript:s words:a',
  Termination: 'audio_duration_seconds?:n session_duration_seconds?:n',
  Error: 'error:s',
  Warning: 'warning:s',
  Heartbeat: '',
  SpeakerRevision: 'revisions:a',
  LLMGatewayResponse: '',
  Silence: 'start_ms:t end_ms:t',
};
const KINDS: Record<string, (v: unknown) => boolean> = {
  n: (v) => typeof v === 'number' && Number.isFinite(v),
  // The session does arithmetic with these: a negative, fractional or huge turn number or time would corrupt it.
  i: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  t: (v) => KINDS.n!(v) && (v as number) >= 0,
  s: (v) => typeof v === 'string',
  b: (v) => typeof v === 'boolean',
  a: Array.isArray,
  o: (v) => typeof v === 'object' && v !== null,
};

/** What a warning quotes of a frame: at most 1 kB, and how long it was. */
export const clip = (raw: string): string => (raw.length > 1024 ? `${raw.slice(0, 1024)}… (${raw.length} characters)` : raw);

/** The first field of `m` that breaks `spec`, or a `start` after its `end`, described; undefined when all is well. */
function check(m: Json, spec: string, start?: string, end?: string): string | undefined {
  for (const item of spec.split(' ')) {
    if (!item) continue;
    const [name, kind] = item.split(':') as [string, string];
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    const value = m[key];
    if (optional && value == null) continue;
    if (!KINDS[kind]!(value)) return `field "${key}" is not of type ${kind}`;
  }
  if (start && (m[start] as number) > (m[end!] as number)) return `${start} after ${end}`;
  return undefined;
}

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
    return { ok: false, reason: `not JSON (${(err as Error).message.slice(0, 99)})`, raw: clip(raw) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object', raw: clip(raw) };
  }
  const m = value as Json;
  // Not a WebSocket close code: treated as absent (the close's own code decides).
  const code = m.error_code;
  if (code !== undefined && !(Number.isInteger(code) && (code as number) >= 1000 && (code as number) < 5000)) delete m.error_code;
  if (m.type === undefined && typeof m.error === 'string') {
    return { ok: true, message: { ...m, type: 'Error', error: m.error } as ServerMessage };
  }
  if (typeof m.type !== 'string') return { ok: false, reason: 'no "type" field', raw: clip(raw) };
  // Own keys only: a `type` such as "constructor" or "__proto__" names an inherited member, not a message.
  if (!Object.hasOwn(REQUIRED, m.type)) return { ok: false, reason: `unknown message type "${m.type.slice(0, 40)}"`, raw: clip(raw) };
  let problem = check(m, REQUIRED[m.type as ServerMessage['type']], 'start_ms', 'end_ms');
  // Word lists are read by the session (times shifted, turns renumbered): each word and revision must be sound.
  const words = (list: unknown[]) => {
    for (const w of list) problem ??= typeof w === 'object' && w ? check(w as Json, 'text:s start:t end:t', 'start', 'end') : 'a word is not an object';
    if (problem) problem = `word: ${problem}`;
  };
  if (!problem && m.type === 'Turn') words(m.words as unknown[]);
  if (!problem && m.type === 'SpeakerRevision') {
    for (const r of m.revisions as unknown[]) {
      problem ??= typeof r === 'object' && r ? check(r as Json, 'turn_order:i words:a') : 'a revision is not an object';
      if (!problem) words((r as Json).words as unknown[]);
    }
  }
  if (!problem && m.type === 'LLMGatewayResponse' && m.turn_order !== undefined && !KINDS.i!(m.turn_order)) problem = 'field "turn_order" is not of type i';
  if (problem) return { ok: false, reason: `${m.type}: ${problem}`, raw: clip(raw) };
  if (m.type === 'Turn') {
    // Defaults for fields that some models omit, so listeners never see `undefined` where the type says otherwise.
    m.turn_is_formatted = m.turn_is_formatted === true;
    m.end_of_turn_confidence = KINDS.n!(m.end_of_turn_confidence) ? m.end_of_turn_confidence : 0;
  }
  return { ok: true, message: m as unknown as ServerMessage };
}
