/**
 * Text from the token service is untrusted: it may echo the request, and so the API key. Everything we quote
 * from it goes through here: the key is masked in the WHOLE text first (so no cut can leave part of it
 * readable), then anything that looks like a credential, then the text is folded and cut.
 */

/** Runs of 24+ characters of the kind keys and tokens are made of (base64url, hex, JWT pieces). */
const CREDENTIAL_LIKE = /[A-Za-z0-9_\-+/=.]{24,}/g;

/**
 * `text` safe to log: every occurrence of `secret` and every credential-like run replaced by `***`, whitespace
 * folded, at most `max` characters (the cut happens last).
 */
export function redactSecrets(text: string, secret: string | undefined, max = 160): string {
  let out = secret ? text.split(secret).join('***') : text;
  out = out.replace(CREDENTIAL_LIKE, '***');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
