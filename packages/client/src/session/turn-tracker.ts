import type { TurnMessage } from '../protocol/messages.js';

/**
 * Keeps the latest text of every turn, keyed by `turn_order` and replaced (never appended), so the running
 * transcript is right whatever the model's partial/final pattern (spec §5.3).
 */
export class TurnTracker {
  readonly #turns = new Map<number, string>();

  /** Records a Turn. Returns false for an empty final (which carries no text and is dropped, §5.3). */
  apply(turn: TurnMessage): boolean {
    const empty = turn.transcript.trim() === '' && turn.words.length === 0;
    if (turn.end_of_turn && empty) return false;
    this.#turns.set(turn.turn_order, turn.transcript);
    return true;
  }

  /** Finished turns and the current partial, in turn order, separated by spaces. */
  get text(): string {
    return [...this.#turns.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => text.trim())
      .filter(Boolean)
      .join(' ');
  }

  /** Forgets every turn (a new session starts at `turn_order` 0). */
  reset(): void {
    this.#turns.clear();
  }
}
