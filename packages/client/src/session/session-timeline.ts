import type { ServerMessage, TurnMessage } from '../protocol/messages.js';

/** What {@link sessionTimeline} returns. */
export interface SessionTimeline {
  /** A new service session begins with its audio at `startMs` on the app's clock. */
  begin(startMs: number): void;
  /** Any message on the app's clock and numbering (those without times or turns unchanged). */
  toApp(message: ServerMessage): ServerMessage;
  /**
   * Records a Turn (already on the app's clock) the app is shown: its text, and for a final where it ended.
   * Returns false for an empty final (which carries no text and is dropped, spec §5.3).
   */
  record(turn: TurnMessage): boolean;
  /** End (ms, app clock) of the last final: the service is done with the audio before it, which is never replayed. */
  readonly finishedMs: number;
  /** The running transcript: finished turns and the current partial, in turn order, separated by spaces. */
  readonly text: string;
  /** Starts over: a new app session (connect() after an end). */
  reset(): void;
}

/**
 * The app's one clock, one turn numbering and one transcript across the service sessions that carry them (a
 * reconnect opens a new one, whose clock and `turn_order` start at 0 again). Each session's audio starts where the
 * previous session's last final ended — the replay — so its times are shifted by that point and its turns by the
 * turns already finished. Word times and `turn_order` as the app sees them never go backwards. Each turn's latest
 * text is kept by `turn_order` and replaced, never appended, so the transcript is right whatever the model's
 * partial/final pattern (spec §5.3).
 */
export function sessionTimeline(): SessionTimeline {
  /** Where (ms, app clock) the current session's audio begins, and its first turn's number on the app's numbering. */
  let clockMs = 0;
  let turnOffset = 0;
  /** The app's turn number the next session starts at: one past the last final. */
  let nextTurn = 0;
  let finishedMs = 0;
  let turns = new Map<number, string>();
  const shift = <T extends { turn_order: number; words: { start: number; end: number }[] }>(x: T): T => ({
    ...x,
    turn_order: x.turn_order + turnOffset,
    words: x.words.map((w) => ({ ...w, start: w.start + clockMs, end: w.end + clockMs })),
  });
  return {
    begin(startMs) {
      clockMs = startMs;
      turnOffset = nextTurn;
    },
    toApp(m) {
      if (!clockMs && !turnOffset) return m;
      if (m.type === 'Turn') return shift(m);
      if (m.type === 'SpeechStarted') return { ...m, timestamp: m.timestamp + clockMs };
      // Revisions name turns by `turn_order` and carry word times: both go on the app's numbering and clock.
      if (m.type === 'SpeakerRevision') return { ...m, revisions: m.revisions.map(shift) };
      if (m.type === 'LLMGatewayResponse' && m.turn_order !== undefined) return { ...m, turn_order: m.turn_order + turnOffset };
      return m;
    },
    record(turn) {
      if (turn.end_of_turn && !turn.transcript.trim() && !turn.words.length) return false;
      turns.set(turn.turn_order, turn.transcript);
      if (turn.end_of_turn) {
        nextTurn = Math.max(nextTurn, turn.turn_order + 1);
        finishedMs = Math.max(finishedMs, turn.words.at(-1)?.end ?? 0);
      }
      return true;
    },
    get finishedMs() {
      return finishedMs;
    },
    get text() {
      return [...turns]
        .sort((a, b) => a[0] - b[0])
        .map((t) => t[1].trim())
        .filter(Boolean)
        .join(' ');
    },
    reset() {
      clockMs = turnOffset = nextTurn = finishedMs = 0;
      turns = new Map();
    },
  };
}
