// Small helpers both example pages use.
import { EarshotError } from '@earshot/client';

/** The element with this id (the pages' markup guarantees it exists). */
export const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Shows an error as a person would read it: the message, with its stable code for styling and tests. */
export function showError(box: HTMLElement, err: unknown): void {
  box.textContent = err instanceof EarshotError ? err.message : String(err);
  box.dataset.code = err instanceof EarshotError ? err.code : 'unknown';
  box.hidden = false;
}
