// The READMEs' recipes that the smoke apps run, so a README cannot show one thing while the smoke suite tests
// another. A recipe is a code block right after a marker line:
//   <!-- smoke: <file> -->        global-setup.ts writes the block to <file> in the apps folder, byte for byte;
//   <!-- smoke-lines: <file> -->  the template <file> (which adds test wiring) holds every line of the block, in
//                                 order (recipes.spec.ts checks it).
// Every document a user reads — the root README, each package's README, docs/*.md — is scanned, and every code
// block in them must be marked unless its language says it is no code for an app (NOT_APP_CODE).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One marked block: how it is tested, which file of templates/ (or of the apps folder), and its text. */
export interface Recipe {
  kind: 'smoke' | 'smoke-lines';
  file: string;
  code: string;
  /** The document it is in, relative to the repository. */
  doc: string;
}

/** One fenced code block of a document. */
export interface CodeBlock {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string (`ts`, `sh`, … or empty). */
  lang: string;
  code: string;
  recipe?: Recipe;
}

/**
 * Languages of blocks that are not code a user pastes into an app, and so need no marker: `sh` is commands
 * typed in a shell (installs, the CLI's usage, running the tests), `json` is wire-format examples in the
 * protocol reference, and a block with no language is program output, a diagram or a folder listing.
 * Every `js`, `ts`, `tsx`, `html` (or any other) block is a recipe and must be marked.
 */
export const NOT_APP_CODE = new Set(['sh', 'json', '']);

const FENCED = /^```(\S*)\n([\s\S]*?)^```/gm;
const MARKER = /^<!-- (smoke|smoke-lines): (\S+) -->$/;

/** The documents whose code blocks are recipes, relative to `repo`. */
export function documents(repo: string): string[] {
  const packages = readdirSync(join(repo, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}/README.md`)
    .filter((doc) => {
      try {
        readFileSync(join(repo, doc));
        return true;
      } catch {
        return false;
      }
    });
  const docs = readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...packages.sort(), ...docs.sort()];
}

/**
 * Every code block of the document `doc` (relative to `repo`), each with its recipe when a marker line is right
 * above it. Throws when a marker is followed by anything but a code block.
 */
export function codeBlocks(repo: string, doc: string): CodeBlock[] {
  const text = readFileSync(join(repo, doc), 'utf8');
  const blocks: CodeBlock[] = [];
  let markers = 0;
  for (const match of text.matchAll(FENCED)) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    // The marker is the line right above the fence.
    const marker = MARKER.exec(before.slice(0, -1).split('\n').at(-1) ?? '');
    const block: CodeBlock = { doc, line, lang: match[1]!, code: match[2]! };
    if (marker) {
      markers++;
      block.recipe = { kind: marker[1] as Recipe['kind'], file: marker[2]!, code: match[2]!, doc };
    }
    blocks.push(block);
  }
  const all = text.match(/^<!-- smoke(-lines)?: /gm)?.length ?? 0;
  if (all !== markers) throw new Error(`${doc}: ${all} smoke markers but ${markers} marked code blocks`);
  return blocks;
}

/** Every marked recipe of every document. */
export function allRecipes(repo: string): Recipe[] {
  return documents(repo).flatMap((doc) => codeBlocks(repo, doc).flatMap((b) => (b.recipe ? [b.recipe] : [])));
}
