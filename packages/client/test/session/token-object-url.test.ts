// A string that reads as a token is refused at construction, never fetched and never quoted (tokens are
// single-use secrets). The same mistake in the `{ url, init }` form — `token: { url: myToken, init: { … } }` —
// must be refused the same way: otherwise the token is requested as a path (GET /AQI…, in every access log) and
// quoted in the error ("Token endpoint AQI… answered HTTP 404").
import { describe, expect, it } from 'vitest';
import { Transcriber } from '../../src/session/transcriber.js';
import { checkTokenSource, fetchToken } from '../../src/session/token-source.js';

const TOKEN = `AQI${'Zm9vYmFyYmF6cXV4'.repeat(8)}`; // the live tokens' shape: opaque, ~130 characters, no '/'

describe('the { url } form with a token in url', () => {
  it('is refused at construction, as the same string is', () => {
    expect(() => checkTokenSource(TOKEN)).toThrow(/read as a token/);
    expect(() => new Transcriber({ token: { url: TOKEN, init: { credentials: 'include' } } })).toThrow(/read as a token/);
  });

  it('is never quoted in the error fetching it', async () => {
    const err = await fetchToken({ url: TOKEN }).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).not.toContain(TOKEN.slice(0, 20));
  });

  it('a URL that passes is named by its origin and path only: no user:password, query or fragment', async () => {
    const err = await fetchToken({ url: 'http://user:hunter2@127.0.0.1:1/api/token?key=k3y#frag' }).then(() => undefined, (e: Error) => e);
    expect(err!.message).toMatch(/^Token endpoint http:\/\/127\.0\.0\.1:1\/api\/token unreachable/);
    for (const secret of ['hunter2', 'k3y', 'frag']) expect(err!.message).not.toContain(secret);
  });
});
