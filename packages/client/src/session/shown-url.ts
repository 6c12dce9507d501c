/**
 * A URL as messages may quote it: its origin and path only — a query, a fragment or a `user:password` can hold a
 * key or a token. A relative URL (no authority, so no user:password) keeps its own form, up to its query.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url, 'http://earshot.invalid');
    return parsed.host === 'earshot.invalid' ? url.replace(/[?#].*$/, '') : parsed.origin + parsed.pathname;
  } catch {
    return '(not a valid URL)';
  }
}
