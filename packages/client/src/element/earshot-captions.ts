import { EarshotError } from '../errors.js';
import type { TurnMessage } from '../protocol/messages.js';
import type { SessionState, TranscriberEvents } from '../session/events.js';
import { checkTokenSource } from '../session/token-source.js';
import { Transcriber } from '../session/transcriber.js';
import type { EarshotCaptionsEventMap } from './element-events.js';
import { optionsFromAttributes } from './element-options.js';
import { MARKUP, STYLE } from './element-template.js';

/** Every Transcriber event, re-dispatched from the element as a DOM `CustomEvent` of the same name. */
const EVENTS: readonly (keyof TranscriberEvents)[] = [
  'state', 'begin', 'speechStarted', 'turn', 'partial', 'final', 'termination', 'heartbeat', 'speakerRevision',
  'llmGatewayResponse', 'silence', 'reconnecting', 'reconnected', 'deviceChange', 'speechStart', 'speechEnd',
  'vadMisfire', 'level', 'warning', 'error', 'close',
];
const LIVE: ReadonlySet<SessionState> = new Set(['connecting', 'open', 'reconnecting', 'closing']);

// On a server (no DOM) the module still loads; the element is simply never defined there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

// Declaration merging: the element's own events, typed, ahead of HTMLElement's (no code is emitted for it).
export interface EarshotCaptions {
  addEventListener<K extends keyof EarshotCaptionsEventMap>(type: K, listener: (this: EarshotCaptions, event: EarshotCaptionsEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: EarshotCaptions, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof EarshotCaptionsEventMap>(type: K, listener: (this: EarshotCaptions, event: EarshotCaptionsEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: EarshotCaptions, event: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * `<earshot-captions token-url="/api/token">`: live captions from the microphone with no framework.
 *
 * - Attributes (read at each start): see {@link optionsFromAttributes}; `auto-start` starts on connect.
 * - Slots `start` and `stop` replace the built-in buttons (any element: its clicks start/stop).
 * - Parts: `controls`, `start-button`, `stop-button`, `meter`, `level`, `state`, `error`, `captions`, and each
 *   caption `turn` with `partial` or `final`.
 * - Events: every Transcriber event as a `CustomEvent` of the same name (`partial`, `final`, `state`, `error`,
 *   `close`, …) with the payload in `detail` (`state`: `{ state, previous }`); they bubble and are composed, and
 *   `addEventListener` knows their types ({@link EarshotCaptionsEventMap}).
 * - Removed from the document, it ends the session and releases the microphone.
 */
export class EarshotCaptions extends Base {
  static readonly observedAttributes = ['auto-start'];
  #transcriber: Transcriber | undefined;
  #stopping: Promise<void> = Promise.resolve();
  #turns = new Map<number, HTMLParagraphElement>();
  #root: ShadowRoot | undefined;

  /** The current (or last) session's Transcriber. */
  get transcriber(): Transcriber | undefined {
    return this.#transcriber;
  }

  /** The session's state (`idle` before the first start). */
  get state(): SessionState {
    return this.#transcriber?.state ?? 'idle';
  }

  /** The captions shown, settled and in progress, separated by spaces. */
  get transcript(): string {
    return [...(this.#root?.querySelectorAll('[part~="turn"]') ?? [])].map((p) => p.textContent?.trim()).filter(Boolean).join(' ');
  }

  connectedCallback(): void {
    if (!this.#root) {
      const root = (this.#root = this.attachShadow({ mode: 'open' }));
      root.innerHTML = MARKUP;
      this.#style();
      this.#part('controls').querySelector('slot[name="start"]')!.addEventListener('click', () => void this.start());
      this.#part('controls').querySelector('slot[name="stop"]')!.addEventListener('click', () => void this.stop());
    }
    if (this.hasAttribute('auto-start')) void this.start();
  }

  /** Moved into another document (an iframe, Document Picture-in-Picture): a constructed sheet stays behind. */
  adoptedCallback(): void {
    this.#style();
  }

  /**
   * Styles the shadow root with a constructed stylesheet of the element's current document. That is CSSOM, which no
   * Content-Security-Policy restricts: a `<style>` element would need style-src 'unsafe-inline' (or its hash), and
   * under a strict policy the element would show unstyled. Every engine Earshot supports has them (Chromium 73,
   * Firefox 101, Safari 16.4); older ones get the `<style>`.
   */
  #style(): void {
    const root = this.#root!;
    const Sheet = this.ownerDocument.defaultView?.CSSStyleSheet;
    root.querySelector('style')?.remove();
    if (Sheet && 'replaceSync' in Sheet.prototype && 'adoptedStyleSheets' in root) {
      const sheet = new Sheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } else root.prepend(Object.assign(this.ownerDocument.createElement('style'), { textContent: STYLE }));
  }

  disconnectedCallback(): void {
    // Moving the element (remove, then insert in the same task) keeps the session; leaving the page ends it.
    queueMicrotask(() => {
      if (!this.isConnected) void this.stop();
    });
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'auto-start' && old === null && value !== null && this.isConnected) void this.start();
  }

  /** Opens the microphone and a session; nothing if one runs. Resolves when open or failed (then `error` fires); never rejects. */
  async start(): Promise<void> {
    if (this.#transcriber && LIVE.has(this.#transcriber.state)) return;
    await this.#stopping;
    if (this.#transcriber && LIVE.has(this.#transcriber.state)) return;
    let t: Transcriber;
    try {
      // Checked here first so that the message names the attribute (an HTML page cannot pass a function).
      checkTokenSource(this.getAttribute('token-url') ?? '', 'token-url');
      t = new Transcriber(optionsFromAttributes(this));
    } catch (err) {
      this.#showError(err);
      return;
    }
    this.#transcriber = t;
    // A new session numbers its turns from 0 again: earlier captions stay as they are.
    this.#turns = new Map();
    this.#part('error').hidden = true;
    this.#wire(t);
    try {
      await t.start();
    } catch (err) {
      if (this.#transcriber !== t) return;
      this.#setLevel(0);
      this.#showState(t.state);
      if (!(err instanceof EarshotError && err.code === 'aborted')) this.#showError(err);
    }
  }

  /** Ends the session (or cancels a start that is still connecting) and releases the microphone. Never rejects. */
  stop(): Promise<void> {
    const t = this.#transcriber;
    if (!t) return this.#stopping;
    this.#stopping = Promise.all([this.#stopping, t.stop()]).then(() => undefined, () => undefined);
    return this.#stopping;
  }

  #wire(t: Transcriber): void {
    for (const name of EVENTS) {
      t.on(name, (...args: unknown[]) => {
        const detail = name === 'state' ? { state: args[0], previous: args[1] } : args[0];
        this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
      });
    }
    const mine = () => this.#transcriber === t;
    t.on('state', (state) => mine() && this.#showState(state));
    t.on('partial', (turn) => mine() && this.#showTurn(turn, false));
    t.on('final', (turn) => mine() && this.#showTurn(turn, true));
    t.on('level', ({ rms }) => mine() && this.#setLevel(Math.min(1, Math.sqrt(rms) * 2)));
    t.on('error', (err) => mine() && this.#showError(err));
    t.on('close', ({ error }) => {
      if (!mine()) return;
      this.#setLevel(0);
      if (error) this.#showError(error);
    });
  }

  #part(name: string): HTMLElement {
    return this.#root!.querySelector(`[part~="${name}"]`) as HTMLElement;
  }

  /** The built-in button and whatever the page slotted in its place. */
  #controls(slot: 'start' | 'stop'): HTMLElement[] {
    const s = this.#root!.querySelector(`slot[name="${slot}"]`) as HTMLSlotElement;
    const assigned = s.assignedElements();
    return assigned.length ? (assigned as HTMLElement[]) : [this.#part(`${slot}-button`)];
  }

  #showState(state: SessionState): void {
    this.#part('state').textContent = state;
    this.setAttribute('state', state);
    const live = LIVE.has(state);
    // Stop stays usable while connecting: it cancels a slow or retrying start.
    for (const el of this.#controls('start')) if ('disabled' in el) (el as HTMLButtonElement).disabled = live;
    for (const el of this.#controls('stop')) if ('disabled' in el) (el as HTMLButtonElement).disabled = !live || state === 'closing';
    if (!live) this.#setLevel(0);
  }

  #showTurn(turn: TurnMessage, final: boolean): void {
    let p = this.#turns.get(turn.turn_order);
    if (!p) {
      p = document.createElement('p');
      this.#turns.set(turn.turn_order, p);
      this.#part('captions').append(p);
    }
    p.textContent = turn.transcript;
    p.setAttribute('part', `turn ${final ? 'final' : 'partial'}`);
  }

  #setLevel(level: number): void {
    if (!this.#root) return;
    this.#part('level').style.width = `${Math.round(level * 100)}%`;
    this.#part('meter').setAttribute('aria-valuenow', String(Math.round(level * 100)));
  }

  #showError(err: unknown): void {
    const box = this.#part('error');
    box.textContent = err instanceof Error ? err.message : String(err);
    box.dataset.code = err instanceof EarshotError ? err.code : 'unknown';
    box.hidden = false;
  }
}
