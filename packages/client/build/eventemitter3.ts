import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const home = dirname(createRequire(import.meta.url).resolve('eventemitter3/package.json'));
/** eventemitter3's own source file, as the package ships it (CommonJS: `module.exports = EventEmitter`). */
const SOURCE = join(home, 'index.js');
const ID = `${SOURCE}?earshot-esm`;

/**
 * Bundles eventemitter3 into the client as an ES module. Left as an import, every app bundler resolves it through
 * the package's `exports` to `index.mjs`, which imports the CommonJS `index.js`, and wraps that in its interop
 * helpers (about 230 B gzip of the quick start); a page with no bundler needed an import-map entry for it too.
 * The package's own ES build (`dist/eventemitter3.esm.js`) is not in its `exports` and carries a smaller wrapper
 * of the same kind (70 B gzip more than this). So its unmodified `index.js` is wrapped here: a local `module`
 * object for its last line to assign, and a named export of the `EventEmitter` function it declares. The code is
 * the pinned version's, byte for byte; its licence is shipped beside the bundle.
 */
export function eventemitter3Esm(): Plugin {
  return {
    name: 'earshot-eventemitter3-esm',
    enforce: 'pre',
    resolveId(id) {
      return id === 'eventemitter3' ? ID : undefined;
    },
    load(id) {
      if (id !== ID) return undefined;
      return `var module = {};\n${readFileSync(SOURCE, 'utf8')}\nexport { EventEmitter };\n`;
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'eventemitter3.LICENSE.txt', source: readFileSync(join(home, 'LICENSE'), 'utf8') });
    },
  };
}
