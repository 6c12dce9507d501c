import { fileURLToPath } from 'node:url';

// The apps share one node_modules one folder up: tell Turbopack where the project's root is.
export default { turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) } };
