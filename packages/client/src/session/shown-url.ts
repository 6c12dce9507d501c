/**
 * A URL as messages may quote it: its origin and path only — a query, a fragment or a `user:password` can hold a
 * key or a token. A relative URL (no authority, so no user:password) keeps its own form, up to its query.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url, 'http://earshot.invalid');
    // [\s\S]: the URL parser ignores tabs and newlines, so a query after one is still a query (and `.` stops at one).
    return parsed.host === 'earshot.invalid' ? url.replace(/[?#][\s\S]*$/, '') : parsed.origin + parsed.pathname;
  } catch {
    return '(not a valid URL)';
  }
}
