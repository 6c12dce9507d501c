/**
 * @earshot/client/element — defines `<earshot-captions>` when loaded (once; a second load is harmless).
 * Standalone: the client and eventemitter3 are bundled in, so one `<script type="module">` is enough.
 */
import { EarshotCaptions } from './earshot-captions.js';

export { EarshotCaptions } from './earshot-captions.js';
export type { EarshotCaptionsEventMap } from './element-events.js';
export { optionsFromAttributes, OPTION_ATTRIBUTES } from './element-options.js';

if (globalThis.customElements && !customElements.get('earshot-captions')) customElements.define('earshot-captions', EarshotCaptions);

declare global {
  interface HTMLElementTagNameMap {
    'earshot-captions': EarshotCaptions;
  }
}
