import type { WebSocketLike } from '../../src/session/websocket-like.js';

/**
 * A scripted stand-in for a WebSocket, for unit tests of the session's own logic. The test plays the
 * server: `serverOpen()`, `serverSend(message)`, `serverClose(code)`. Everything the client sent is kept.
 */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  /** When true, a client's close() leaves the socket closing until the test calls `serverClose` (a slow close). */
  static holdClose = false;
  static reset(): void {
    FakeWebSocket.instances = [];
    FakeWebSocket.holdClose = false;
  }
  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1);
    if (!ws) throw new Error('no socket was opened');
    return ws;
  }

  readyState = 0;
  binaryType = 'blob';
  bufferedAmount = 0;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closedByClient: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    if (typeof data === 'string') this.sent.push(data);
    else if (ArrayBuffer.isView(data)) this.sent.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
    else this.sent.push(new Uint8Array(data).slice());
  }

  /** Like a browser: the socket is closing at once, and its `close` event follows (here in a microtask). */
  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    if (this.readyState >= 2) return;
    this.readyState = 2;
    if (FakeWebSocket.holdClose) return;
    queueMicrotask(() => {
      this.readyState = 3;
      this.onclose?.({ code: code ?? 1005, reason: reason ?? '' });
    });
  }

  /** Binary messages the client sent. */
  get audio(): Uint8Array[] {
    return this.sent.filter((m): m is Uint8Array => typeof m !== 'string');
  }

  /** JSON messages the client sent. */
  get json(): Record<string, unknown>[] {
    return this.sent.filter((m): m is string => typeof m === 'string').map((m) => JSON.parse(m) as Record<string, unknown>);
  }

  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSend(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  serverBegin(id = 'session-1'): void {
    if (this.readyState === 0) this.serverOpen();
    this.serverSend({ type: 'Begin', id, expires_at: 1790000000 });
  }

  serverClose(code: number, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}
