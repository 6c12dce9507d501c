// Token and connection messages name a URL by shownUrl (origin and path only; a relative URL as
// written, up to its query). A relative token URL read from a config file or a multi-line HTML attribute ends in
// a newline (fetch ignores it: the URL parser strips tabs and newlines). Its query — a key the app put there —
// must still be left out of the message an app shows or logs.
import { expect, it } from 'vitest';
import { fetchToken } from '../../src/session/token-source.js';

it.each([
  ['a trailing newline', '/api/token?key=s3cr3tk3y\n'],
  ['a tab in the query', '/api/token?key=s3cr3tk3y\t'],
  ['a newline inside the query', '/api/token?key=s3cr3tk3y\n&x=1'],
])('a relative token URL with %s: the error names it without its query', async (_, url) => {
  const err = await fetchToken({ url }).then(() => undefined, (e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err!.message).not.toContain('s3cr3tk3y');
});
