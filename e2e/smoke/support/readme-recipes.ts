// The root README's recipes that the smoke apps run, so the README cannot show one thing while the smoke
// suite tests another. A recipe is a code block right after a marker line:
//   <!-- smoke: <file> -->        global-setup.ts writes the block to <file> in the apps folder, byte for byte;
//   <!-- smoke-lines: <file> -->  the template <file> (which adds test wiring) holds every line of the block, in
//                                 order (recipes.spec.ts checks it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One marked block: how it is tested, which file of templates/ (or of the apps folder), and its text. */
export interface Recipe {
  kind: 'smoke' | 'smoke-lines';
  file: string;
  code: string;
}

const MARKED = /^<!-- (smoke|smoke-lines): (\S+) -->\n```\w*\n([\s\S]*?)^```/gm;

/** The marked recipes of the README at `readme`; throws when a marker has no code block right after it. */
export function readmeRecipes(readme: string): Recipe[] {
  const text = readFileSync(readme, 'utf8');
  const recipes = [...text.matchAll(MARKED)].map(([, kind, file, code]) => ({ kind: kind as Recipe['kind'], file: file!, code: code! }));
  const markers = text.match(/^<!-- smoke(-lines)?: /gm)?.length ?? 0;
  if (markers !== recipes.length) throw new Error(`${readme}: ${markers} smoke markers but ${recipes.length} marked code blocks`);
  return recipes;
}

/** The recipes the smoke apps are built from, in the root README. */
export function rootRecipes(repo: string): Recipe[] {
  return readmeRecipes(join(repo, 'README.md'));
}
