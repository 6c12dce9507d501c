/**
 * Pydantic-style value checks that produce the service's messages (spec §3, §4): the same text whether the
 * value arrives in the query string, the token endpoint or an `UpdateConfiguration` message.
 */

/** A failed check: the pydantic `type` and its message. */
export interface Invalid {
  type: string;
  msg: string;
  ctx?: Record<string, number>;
}

/** The outcome of a check: the parsed value, or why it failed. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: Invalid };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (type: string, msg: string, ctx?: Record<string, number>): Checked<never> => ({ ok: false, error: { type, msg, ...(ctx ? { ctx } : {}) } });

/** An integer, from text or JSON, within optional bounds. */
export function checkInt(raw: unknown, min?: number, max?: number): Checked<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[-+]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) return bad('int_parsing', 'Input should be a valid integer, unable to parse string as an integer');
  return bounds(n, min, max);
}

/** A number, from text or JSON, within optional bounds. */
export function checkFloat(raw: unknown, min?: number, max?: number): Checked<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) return bad('float_parsing', 'Input should be a valid number, unable to parse string as a number');
  return bounds(n, min, max);
}

function bounds(n: number, min?: number, max?: number): Checked<number> {
  if (min !== undefined && n < min) return bad('greater_than_equal', `Input should be greater than or equal to ${min}`, { ge: min });
  if (max !== undefined && n > max) return bad('less_than_equal', `Input should be less than or equal to ${max}`, { le: max });
  return ok(n);
}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** A boolean as pydantic reads it (`true`/`false`, `1`/`0`, `yes`/`no`, …). */
export function checkBool(raw: unknown): Checked<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  const s = String(raw).trim().toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return bad('bool_parsing', 'Input should be a valid boolean, unable to interpret input');
}

/** One of `values`, with pydantic's enum message ("Input should be 'a', 'b' or 'c'"). */
export function checkEnum<T extends string>(raw: unknown, values: readonly T[]): Checked<T> {
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return ok(raw as T);
  const quoted = values.map((v) => `'${v}'`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0];
  return bad('enum', `Input should be ${list}`);
}

/**
 * A string of at most `max` characters; `label` names it in the service's length message. Characters are
 * Unicode code points, as the service (Python) counts them: an emoji is one, not two UTF-16 units.
 */
export function checkText(raw: unknown, max: number, label: string): Checked<string> {
  if (typeof raw !== 'string') return bad('string_type', 'Input should be a valid string');
  const length = codePoints(raw);
  if (length > max) return bad('value_error', `Value error, ${label} exceeds maximum length of ${max} characters (got ${length})`);
  return ok(raw);
}

/** Length in Unicode code points (Python's `len`). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A list of strings, as JSON text (query) or a JSON array (messages); `commaForm` also accepts `a,b`. */
export function checkList(raw: unknown, maxItems: number, commaForm = false): Checked<string[]> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      if (!commaForm) return bad('list_type', 'Input should be a valid list');
      value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return bad('list_type', 'Input should be a valid list');
  if (value.length > maxItems) return bad('value_error', `Value error, Max ${maxItems} items`);
  return ok(value as string[]);
}

/** A JSON object (query text or message value). */
export function checkObject(raw: unknown): Checked<Record<string, unknown>> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return bad('dict_type', 'Input should be a valid dictionary');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('dict_type', 'Input should be a valid dictionary');
  return ok(value as Record<string, unknown>);
}
