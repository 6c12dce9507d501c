// The captions a hook shows: a second session never overwrites the first one's turns, the formatted final
// replaces its unformatted one, and an unsettled partial goes when its session ends.
import type { TurnMessage } from '@earshot/client';
import { describe, expect, test } from 'vitest';
import { applyFinal, applyPartial, EMPTY_LOG, endSession, newSession } from '../src/caption-log.js';

const turn = (order: number, text: string, final: boolean, formatted = final): TurnMessage => ({
  type: 'Turn', turn_order: order, turn_is_formatted: formatted, end_of_turn: final, transcript: text,
  end_of_turn_confidence: final ? 0.9 : 0.1, words: [],
});

describe('caption log', () => {
  test('turns of a second session (turn_order from 0 again) are added after the first session\'s', () => {
    let log = newSession(EMPTY_LOG);
    log = applyFinal(log, turn(0, 'Hello world.', true));
    log = applyFinal(log, turn(1, 'Second turn.', true));
    log = newSession(endSession(log));
    log = applyPartial(log, turn(0, 'the weather', false));
    expect(log.transcript).toBe('Hello world. Second turn. the weather');
    log = applyFinal(log, turn(0, 'The weather is nice.', true));
    expect(log.finals.map((t) => t.transcript)).toEqual(['Hello world.', 'Second turn.', 'The weather is nice.']);
    expect(log.partial).toBeUndefined();
  });

  test('the formatted final replaces the unformatted final of the same turn', () => {
    let log = newSession(EMPTY_LOG);
    log = applyFinal(log, turn(0, 'hello world', true, false));
    log = applyFinal(log, turn(0, 'Hello world.', true, true));
    expect(log.finals.map((t) => t.transcript)).toEqual(['Hello world.']);
    expect(log.transcript).toBe('Hello world.');
  });

  test('a partial that never settled is dropped when its session ends', () => {
    let log = applyPartial(newSession(EMPTY_LOG), turn(0, 'half a sen', false));
    expect(log.transcript).toBe('half a sen');
    log = endSession(log);
    expect(log.transcript).toBe('');
    expect(log.partial).toBeUndefined();
  });
});
