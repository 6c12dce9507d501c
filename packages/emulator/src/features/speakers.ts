/**
 * `speaker_labels` (issue #11), by rules tests can predict:
 * - the first turn is speaker `A`; a turn that starts {@link NEW_SPEAKER_GAP_MS} or more after the previous
 *   labelled turn ended is the next speaker (`B`, `C`, …, back to `A` after `max_speakers`, default 10);
 * - a turn with less than {@link MIN_LABELLED_MS} of speech is `UNKNOWN` (too short to tell, as the service
 *   says) and moves nothing;
 * - at session end (after `Terminate`, before `Termination`) one `SpeakerRevision` gives each `UNKNOWN` turn
 *   the label of the labelled turn nearest in time (the earlier one on a tie): a later turn changes an earlier
 *   label. No revision when there was nothing to change.
 * Finals carry `speaker_label`, `speaker_confidence` (0.9; 0 when `UNKNOWN`) and `words[].speaker`; partials
 * carry none (§5.3).
 */
import type { RecognizedWord } from '../recognizers/recognizer.js';

/** Silence between turns that means another speaker. */
export const NEW_SPEAKER_GAP_MS = 2000;
/** Speech a turn needs to be attributed at once. */
export const MIN_LABELLED_MS = 1000;
/** The label of a turn too short to attribute. */
export const UNKNOWN_SPEAKER = 'UNKNOWN';

interface LabelledTurn {
  turnOrder: number;
  label: string;
  start: number;
  end: number;
  words: Record<string, unknown>[];
}

/** Labels a session's turns and keeps what a revision needs. */
export class SpeakerTracker {
  private speaker = -1;
  private lastEnd = 0;
  private readonly turns: LabelledTurn[] = [];

  constructor(private readonly maxSpeakers = 10) {}

  /** The label of a final turn with these words. */
  label(words: readonly RecognizedWord[]): { label: string; confidence: number } {
    const start = words[0]!.start;
    const end = words.at(-1)!.end;
    if (end - start < MIN_LABELLED_MS) return { label: UNKNOWN_SPEAKER, confidence: 0 };
    if (this.speaker < 0 || start - this.lastEnd >= NEW_SPEAKER_GAP_MS) this.speaker = (this.speaker + 1) % this.maxSpeakers;
    this.lastEnd = end;
    return { label: String.fromCharCode(65 + this.speaker), confidence: 0.9 };
  }

  /** Remembers a sent final (its wire words), for the revision. */
  sent(turnOrder: number, label: string, words: Record<string, unknown>[]): void {
    if (this.turns.some((t) => t.turnOrder === turnOrder)) return; // the formatted copy of a US final
    this.turns.push({ turnOrder, label, start: words[0]?.start as number, end: words.at(-1)?.end as number, words });
  }

  /** The session-end `SpeakerRevision`, or undefined when no label changes. */
  revision(): Record<string, unknown> | undefined {
    const known = this.turns.filter((t) => t.label !== UNKNOWN_SPEAKER);
    const revisions = this.turns
      .filter((t) => t.label === UNKNOWN_SPEAKER && known.length > 0)
      .map((t) => {
        const gap = (k: LabelledTurn) => (k.start >= t.end ? k.start - t.end : t.start - k.end);
        const nearest = known.reduce((a, b) => (gap(b) < gap(a) ? b : a));
        return { turn_order: t.turnOrder, speaker_label: nearest.label, words: t.words.map((w) => ({ ...w, speaker: nearest.label })) };
      });
    return revisions.length ? { type: 'SpeakerRevision', revisions } : undefined;
  }
}
