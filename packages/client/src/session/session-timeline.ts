import type {
  LLMGatewayResponseMessage,
  ServerMessage,
  SpeakerRevisionMessage,
  SpeechStartedMessage,
  TurnMessage,
} from '../protocol/messages.js';

/**
 * The app's one clock and one turn numbering across the service sessions that carry it (a reconnect opens a new
 * one, whose clock and `turn_order` start at 0 again). Each session's audio starts where the previous session's
 * last final ended — the replay — so its times are shifted by that point and its turns by the turns already
 * finished. Word times and `turn_order` as the app sees them never go backwards.
 */
export class SessionTimeline {
  /** Where (ms, app clock) the current session's audio begins. */
  #clockOffsetMs = 0;
  #turnOffset = 0;
  /** The app's turn number the next session starts at: one past the last final. */
  #nextTurnOrder = 0;
  /** End (ms, app clock) of the last final turn: the service is done with the audio before it. */
  #finishedMs = 0;

  /** A new service session begins with its audio at `startMs` on the app's clock. */
  beginSession(startMs: number): void {
    this.#clockOffsetMs = startMs;
    this.#turnOffset = this.#nextTurnOrder;
  }

  /** End (ms, app clock) of the last final: audio before it need not be replayed. */
  get finishedMs(): number {
    return this.#finishedMs;
  }

  /** A Turn on the app's clock and numbering. */
  turn(turn: TurnMessage): TurnMessage {
    const offset = this.#clockOffsetMs;
    if (!offset && !this.#turnOffset) return turn;
    return {
      ...turn,
      turn_order: turn.turn_order + this.#turnOffset,
      words: turn.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset })),
    };
  }

  /** Records a final (already on the app's clock) the app was shown. */
  finished(turn: TurnMessage): void {
    this.#nextTurnOrder = Math.max(this.#nextTurnOrder, turn.turn_order + 1);
    const end = turn.words.at(-1)?.end;
    if (end !== undefined) this.#finishedMs = Math.max(this.#finishedMs, end);
  }

  /** Any message on the app's clock and numbering (those without times or turns unchanged). */
  toApp(message: ServerMessage): ServerMessage {
    switch (message.type) {
      case 'Turn': return this.turn(message);
      case 'SpeechStarted': return this.speechStarted(message);
      case 'SpeakerRevision': return this.speakerRevision(message);
      case 'LLMGatewayResponse': return this.llmGatewayResponse(message);
      default: return message;
    }
  }

  speechStarted(message: SpeechStartedMessage): SpeechStartedMessage {
    return this.#clockOffsetMs ? { ...message, timestamp: message.timestamp + this.#clockOffsetMs } : message;
  }

  /** Revisions name turns by `turn_order` and carry word times: both go on the app's numbering and clock. */
  speakerRevision(message: SpeakerRevisionMessage): SpeakerRevisionMessage {
    if (!this.#clockOffsetMs && !this.#turnOffset) return message;
    return {
      ...message,
      revisions: message.revisions.map((r) => ({
        ...r,
        turn_order: r.turn_order + this.#turnOffset,
        words: r.words.map((w) => ({ ...w, start: w.start + this.#clockOffsetMs, end: w.end + this.#clockOffsetMs })),
      })),
    };
  }

  llmGatewayResponse(message: LLMGatewayResponseMessage): LLMGatewayResponseMessage {
    return message.turn_order === undefined || !this.#turnOffset ? message : { ...message, turn_order: message.turn_order + this.#turnOffset };
  }

  /** Starts over: a new app session (connect() after an end). */
  reset(): void {
    this.#clockOffsetMs = 0;
    this.#turnOffset = 0;
    this.#nextTurnOrder = 0;
    this.#finishedMs = 0;
  }
}
