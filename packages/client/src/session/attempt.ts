import { UsageError } from '../errors.js';
import { buildSessionUrl } from '../protocol/endpoints.js';
import type { BeginMessage } from '../protocol/messages.js';
import { aborted } from './deadline.js';
import type { ResolvedOptions } from './options.js';
import { serviceConnection, type ConnectionHandlers, type ServiceConnection } from './service-connection.js';
import { fetchToken } from './token-source.js';
import type { WebSocketConstructor } from './websocket-like.js';

/**
 * One attempt at a session, what {@link connectWithRetry} repeats: a fresh token; then, once `gate` settles
 * (capture runs: a suspended AudioContext with no user gesture yet would leave a billed session silent), a new
 * connection to `baseUrl`, resolved with `Begin`. A token that waited over 30 s at the gate is replaced first:
 * temporary tokens expire. Rejects with `aborted` once `signal` fires, and with whatever failed otherwise.
 */
export async function attemptSession(
  o: ResolvedOptions,
  baseUrl: string,
  gate: Promise<unknown> | undefined,
  signal: AbortSignal,
  handlers: (conn: ServiceConnection) => ConnectionHandlers,
): Promise<BeginMessage> {
  // Rejects with `aborted` at once when the signal has fired.
  const fetch = () => fetchToken(o.token, { signal, timeoutMs: o.tokenTimeoutMs });
  const check = () => {
    if (signal.aborted) throw aborted();
  };
  let token = await fetch();
  check();
  const heldFrom = Date.now();
  // stop() while capture starts (a permission prompt nobody answers): this attempt ends now, not once capture does.
  await new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(aborted()));
    Promise.resolve(gate).then(resolve, reject);
  });
  if (Date.now() - heldFrom > 30_000) token = await fetch();
  check();
  const WebSocket = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocket) throw new UsageError('invalid_state', 'No WebSocket: pass the WebSocket option');
  const conn = serviceConnection({ ...o, WebSocket, url: buildSessionUrl(baseUrl, o.wire, token), heartbeat: o.wire.sessionHeartbeat === true });
  return conn.open(signal, handlers(conn));
}
