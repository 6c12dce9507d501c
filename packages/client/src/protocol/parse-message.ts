import type { ServerMessage } from './messages.js';

/** What {@link parseServerMessage} made of one text frame: a typed message, or why it was not one. */
export type ParsedFrame =
  | { ok: true; message: ServerMessage }
  | { ok: false; reason: string; raw: string };

type Json = Record<string, unknown>;

/**
 * The fields each known message type must carry to be usable (§5), as `name:kind` with kinds n(umber),
 * i(ndex: a safe integer ≥ 0), t(ime: a number ≥ 0), s(tring), b(oolean), o(bject), and the lists the session
 * reads item by item: W(ords, each a {@link WORD}) and R(evisions, each a {@link REVISION}); a `?` marks a field
 * that may be absent. Every entry names at least one field (`type`, which is known to be a string by then). Kept as
 * text because this table ships in every app's bundle; unknown extra fields are kept.
 */
const REQUIRED: Record<ServerMessage['type'], string> = {
  Begin: 'id:s expires_at:n configuration?:o',
  SpeechStarted: 'timestamp:t',
  Turn: 'turn_order:i end_of_turn:b transcript:s words:W',
  Termination: 'audio_duration_seconds?:n session_duration_seconds?:n',
  Error: 'error:s',
  Warning: 'warning:s',
  Heartbeat: 'type:s',
  SpeakerRevision: 'revisions:R',
  LLMGatewayResponse: 'turn_order?:i',
  Silence: 'start_ms:t end_ms:t',
};
// Word lists are read by the session (times shifted, turns renumbered): each word and revision must be sound.
const LISTS: Record<string, [string, string]> = { W: ['word', 'text:s start:t end:t'], R: ['revision', 'turn_order:i words:W'] };

const KINDS: Record<string, (v: unknown) => boolean> = {
  n: Number.isFinite,
  // The session does arithmetic with these: a negative, fractional or huge turn number or time would corrupt it.
  i: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  t: (v) => Number.isFinite(v) && (v as number) >= 0,
  s: (v) => typeof v == 'string',
  b: (v) => typeof v == 'boolean',
  o: (v) => typeof v == 'object' && !!v,
};

/** What a warning or an error message quotes of a frame or of the service's text: at most 1 kB, and how long it was. */
export const clip = (raw: string): string => (raw.length > 1024 ? `${raw.slice(0, 1024)}… (${raw.length} characters)` : raw);

/**
 * Throws, as a string starting with `at`, the first thing in `m` that breaks `spec` (a {@link REQUIRED} entry):
 * a field of the wrong kind, or a `start` after its `end` (words, Silence).
 */
function check(m: Json, spec: string, at: string): void {
  if (!KINDS.o!(m)) throw `${at}not an object`;
  for (const item of spec.split(' ')) {
    const [name, kind] = item.split(':') as [string, string];
    const key = name.replace('?', '');
    const value = m[key];
    // Absent is fine for an optional field, and null too for an object (no configuration); a null number is not
    // one (the timeline adds to turn_order).
    if (key != name && (value === undefined || (value === null && kind == 'o'))) continue;
    const list = LISTS[kind];
    if (!(list ? Array.isArray : KINDS[kind]!)(value)) throw `${at}field "${key}" is not of type ${kind}`;
    if (list) for (const entry of value as Json[]) check(entry, list[1], `${at}${list[0]}: `);
  }
  // Only reached with every listed field sound: where both are listed they are numbers, else both undefined.
  // Only where the spec lists the pair (words, Silence): another message's extra fields are not ours to judge.
  if (spec.includes('start') && ((m.start as number) > (m.end as number) || (m.start_ms as number) > (m.end_ms as number))) throw `${at}start after end`;
}

/**
 * Parses one text frame from the service. Never throws: bad JSON, an unknown `type` or missing fields give
 * `{ ok: false, reason, raw }`, which the session reports as a `warning` and then ignores (spec §0, §5).
 * The legacy error form `{"error": "..."}` (no `type`) becomes an `Error` message (§5.5). The text of an `Error`
 * or `Warning` is bounded like `raw` (at most 1 kB): it ends up in an error's or a warning's message.
 */
export function parseServerMessage(raw: string): ParsedFrame {
  try {
    const m: Json = JSON.parse(raw);
    if (!KINDS.o!(m) || Array.isArray(m)) throw 'not a JSON object';
    // Not a WebSocket close code: treated as absent (the close's own code decides).
    const code = m.error_code as number;
    if (!(Number.isInteger(code) && code >= 1000 && code < 5000)) delete m.error_code;
    if (m.type === undefined && typeof m.error == 'string') m.type = 'Error';
    const type = m.type;
    if (typeof type != 'string') throw 'no "type" field';
    // Own keys only: a `type` such as "constructor" or "__proto__" names an inherited member, not a message.
    if (!Object.hasOwn(REQUIRED, type)) throw `unknown message type "${type.slice(0, 40)}"`;
    check(m, REQUIRED[type as ServerMessage['type']], `${type}: `);
    if (type == 'Turn') {
      // Defaults for fields that some models omit, so listeners never see `undefined` where the type says otherwise.
      m.turn_is_formatted = m.turn_is_formatted === true;
      if (!Number.isFinite(m.end_of_turn_confidence)) m.end_of_turn_confidence = 0;
    }
    if (type == 'Error') m.error = clip(m.error as string);
    if (type == 'Warning') m.warning = clip(m.warning as string);
    return { ok: true, message: m as unknown as ServerMessage };
  } catch (problem) {
    // Strings are this function's own findings; anything else can only be JSON.parse's SyntaxError.
    const reason = typeof problem == 'string' ? problem : `not JSON (${(problem as Error).message.slice(0, 99)})`;
    return { ok: false, reason, raw: clip(raw) };
  }
}
