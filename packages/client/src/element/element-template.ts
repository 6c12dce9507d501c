/** The element's own stylesheet (applied as a constructed stylesheet where the browser has them). */
export const STYLE = `
  :host { display: block; font: inherit; }
  [part~='controls'] { display: flex; align-items: center; gap: 0.5em; flex-wrap: wrap; }
  [part~='meter'] { width: 6em; height: 0.5em; background: #ddd; border-radius: 0.25em; overflow: hidden; }
  [part~='level'] { height: 100%; width: 0; background: #2a7; transition: width 50ms linear; }
  [part~='error'][hidden] { display: none; }
  [part~='error'] { color: #b00; }
  [part~='partial'] { opacity: 0.6; }
`;

/** The element's shadow DOM: every piece a page may style is a `::part`; Start and Stop are slots. */
export const MARKUP = `
<div part="controls">
  <slot name="start"><button part="start-button" type="button">Start</button></slot>
  <slot name="stop"><button part="stop-button" type="button" disabled>Stop</button></slot>
  <div part="meter" role="meter" aria-label="Input level" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div part="level"></div></div>
  <span part="state">idle</span>
</div>
<p part="error" role="alert" hidden></p>
<div part="captions" aria-live="polite"></div>
`;
