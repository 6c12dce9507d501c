// The client README's typed event listener on <earshot-captions> (its `smoke-lines` block, line by line), with a
// bundler; the reader's `save` is the test's wiring: it logs what it is given, which the test reads.
import '@earshot/client/element';

const save = (text: string) => console.log(`final: ${text}`);

const el = document.querySelector('earshot-captions')!;
// `e` is a CustomEvent<TurnMessage>: its detail is the final turn.
el.addEventListener('final', (e) => save(e.detail.transcript));
