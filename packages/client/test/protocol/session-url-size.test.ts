// A session URL the service's front end would refuse is refused here first (issue #11): a browser sees a
// refused upgrade only as 1006, which would read as "check the network" and be retried.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { MAX_SESSION_URL_BYTES, STREAMING_URLS, buildSessionUrl } from '../../src/protocol/endpoints.js';

const TOKEN = 'AQI' + 'x'.repeat(128);
const target = (url: string) => new URL(url).pathname.length + new URL(url).search.length;

describe('session URL size', () => {
  it('refuses the documented maximum of keyterms in CJK (about 45 kB) with a BadInputError naming the size', () => {
    const keytermsPrompt = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(50, '語'));
    let error: unknown;
    try {
      buildSessionUrl(STREAMING_URLS.edge, { keytermsPrompt }, TOKEN);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect(error).toMatchObject({ code: 'url_too_long', retriable: false });
    expect((error as Error).message).toMatch(/^The session request is \d{5} bytes of URL, over the 16384 the service accepts; keyterms_prompt alone takes \d{5} bytes: shorten it$/);
    const bytes = Number(/is (\d+) bytes/.exec((error as Error).message)![1]);
    expect(bytes).toBeGreaterThan(40_000);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('names the token as the largest part when it is, with its length and never its value', () => {
    const token = 'tok_' + 'S'.repeat(20_000);
    let message = '';
    try {
      buildSessionUrl(STREAMING_URLS.edge, {}, token);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/; token alone takes 20004 bytes: shorten it$/);
    expect(message).not.toContain('SSSS');
  });

  it('builds a URL right at the limit, and refuses one byte more', () => {
    const base = buildSessionUrl(STREAMING_URLS.edge, { prompt: '' }, TOKEN);
    const room = MAX_SESSION_URL_BYTES - target(base);
    const atLimit = buildSessionUrl(STREAMING_URLS.edge, { prompt: 'a'.repeat(room) }, TOKEN);
    expect(target(atLimit)).toBe(MAX_SESSION_URL_BYTES);
    expect(() => buildSessionUrl(STREAMING_URLS.edge, { prompt: 'a'.repeat(room + 1) }, TOKEN)).toThrow(BadInputError);
  });

  it('counts bytes as sent: one CJK character is nine bytes once percent-encoded', () => {
    const base = buildSessionUrl(STREAMING_URLS.edge, { prompt: '' }, TOKEN);
    const room = MAX_SESSION_URL_BYTES - target(base);
    expect(() => buildSessionUrl(STREAMING_URLS.edge, { prompt: '語'.repeat(Math.floor(room / 9)) }, TOKEN)).not.toThrow();
    expect(() => buildSessionUrl(STREAMING_URLS.edge, { prompt: '語'.repeat(Math.floor(room / 9) + 1) }, TOKEN)).toThrow(/over the 16384/);
  });
});
