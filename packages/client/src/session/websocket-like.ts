/** The part of the WebSocket API Earshot uses: the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  readonly bufferedAmount: number;
  // Declared through method signatures (bivariant) so both DOM and `ws` event types are accepted.
  onopen: { handle(event: unknown): void }['handle'] | null;
  onmessage: { handle(event: { data: unknown }): void }['handle'] | null;
  onclose: { handle(event: { code: number; reason: string }): void }['handle'] | null;
  onerror: { handle(event: unknown): void }['handle'] | null;
  send(data: string | ArrayBuffer | ArrayBufferView<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor, e.g. `globalThis.WebSocket` or the `ws` package's `WebSocket`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `WebSocket.OPEN`, the only ready state in which we send. */
export const WS_OPEN = 1;
