import type { TurnMessage } from '@earshot/client';

/**
 * What a caption view shows: the settled turns of every session so far and the turn still being heard.
 * Immutable: each change returns a new log, so React sees it change.
 */
export interface CaptionLog {
  /** Settled turns (`end_of_turn: true`, with text) of every session since the last `clear()`, oldest first. */
  readonly finals: readonly TurnMessage[];
  /** The turn still being heard, if any; its text is replaced, never appended. */
  readonly partial: TurnMessage | undefined;
  /** The finals' text and the partial's, separated by spaces. */
  readonly transcript: string;
  /** Index in `finals` where the current session's turns begin (a new session restarts `turn_order` at 0). */
  readonly sessionStart: number;
}

export const EMPTY_LOG: CaptionLog = Object.freeze({ finals: [], partial: undefined, transcript: '', sessionStart: 0 });

function withText(finals: readonly TurnMessage[], partial: TurnMessage | undefined, sessionStart: number): CaptionLog {
  const parts = finals.map((t) => t.transcript.trim());
  if (partial) parts.push(partial.transcript.trim());
  return { finals, partial, sessionStart, transcript: parts.filter(Boolean).join(' ') };
}

/** A new session: earlier captions stay, and its turn numbers (from 0 again) no longer collide with theirs. */
export function newSession(log: CaptionLog): CaptionLog {
  return withText(log.finals, undefined, log.finals.length);
}

/** A partial replaces the current partial. */
export function applyPartial(log: CaptionLog, turn: TurnMessage): CaptionLog {
  return withText(log.finals, turn, log.sessionStart);
}

/** A final settles its turn; a second final of the same turn (the formatted one) replaces the first. */
export function applyFinal(log: CaptionLog, turn: TurnMessage): CaptionLog {
  const finals = [...log.finals];
  const at = finals.findIndex((t, i) => i >= log.sessionStart && t.turn_order === turn.turn_order);
  if (at >= 0) finals[at] = turn;
  else finals.push(turn);
  const partial = log.partial?.turn_order === turn.turn_order ? undefined : log.partial;
  return withText(finals, partial, log.sessionStart);
}

/** The session ended: a partial that never settled is dropped. */
export function endSession(log: CaptionLog): CaptionLog {
  return log.partial ? withText(log.finals, undefined, log.sessionStart) : log;
}
