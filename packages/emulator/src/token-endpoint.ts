import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import type { TokenStore } from './token-store.js';
import { checkInt, type Invalid } from './validators.js';

/** One FastAPI-style validation error (spec §3: the live service answers 422 with `detail[]`). */
interface Detail extends Invalid {
  loc: [string, string];
  input: unknown;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** True when the `Authorization` header carries `apiKey`, raw or after `Bearer ` (both are accepted here, spec §3). */
export function headerHasKey(header: string | undefined, apiKey: string): boolean {
  if (!header) return false;
  const value = header.startsWith('Bearer ') ? header.slice(7) : header;
  return value === apiKey;
}

/**
 * `GET /v3/token?expires_in_seconds=…[&max_session_duration_seconds=…]` (spec §3): 200 `{ token,
 * expires_in_seconds }`; 422 with `detail[]` for a missing header or bad parameters; 401 for a wrong key.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { apiKey: string; store: TokenStore; faults: Faults },
): Promise<void> {
  const fault = options.faults.token;
  if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault?.fail) return json(res, 500, { error: 'Internal Server Error' });
  if (fault?.html) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><body><h1>Gateway page</h1></body></html>');
    return;
  }
  if (req.method !== 'GET') return json(res, 405, { detail: 'Method Not Allowed' });

  const query = new URL(req.url ?? '', 'http://emulator').searchParams;
  const detail: Detail[] = [];
  const auth = req.headers.authorization;
  if (auth === undefined) detail.push({ type: 'missing', loc: ['header', 'authorization'], msg: 'Field required', input: null });

  const expiresRaw = query.get('expires_in_seconds');
  let expires = 0;
  if (expiresRaw === null) {
    detail.push({ type: 'missing', loc: ['query', 'expires_in_seconds'], msg: 'Field required', input: null });
  } else {
    const checked = checkInt(expiresRaw, 1, 600);
    if (checked.ok) expires = checked.value;
    else detail.push({ ...checked.error, loc: ['query', 'expires_in_seconds'], input: expiresRaw });
  }
  const capRaw = query.get('max_session_duration_seconds');
  let cap = 10_800;
  if (capRaw !== null) {
    const checked = checkInt(capRaw, 60, 10_800);
    if (checked.ok) cap = checked.value;
    else detail.push({ ...checked.error, loc: ['query', 'max_session_duration_seconds'], input: capRaw });
  }
  if (detail.length) return json(res, 422, { detail });
  if (!headerHasKey(auth, options.apiKey)) return json(res, 401, { error: 'Invalid API key' });

  json(res, 200, { token: options.store.mint(expires, cap), expires_in_seconds: expires });
}
