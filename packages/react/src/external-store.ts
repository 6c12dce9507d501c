/**
 * The smallest store `useSyncExternalStore` needs: an immutable snapshot, replaced on change, and listeners.
 * `subscribe` and `getSnapshot` are bound, so they can be passed as they are.
 */
export class ExternalStore<S> {
  #snapshot: S;
  readonly #listeners = new Set<() => void>();

  constructor(initial: S) {
    this.#snapshot = initial;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): S => this.#snapshot;

  protected update(change: Partial<S>): void {
    const next = { ...this.#snapshot, ...change };
    const same = (Object.keys(change) as (keyof S)[]).every((k) => Object.is(next[k], this.#snapshot[k]));
    if (same) return;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }
}
