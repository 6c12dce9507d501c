import { randomBytes } from 'node:crypto';
import { Texts } from './protocol-texts.js';

/** What the store remembers of a minted token. */
interface TokenRecord {
  /** When the redemption window ends (ms since epoch). */
  redeemBy: number;
  /** The session cap the token carries (seconds). */
  maxSessionSeconds: number;
  used: boolean;
}

/** The outcome of redeeming a token for a session. */
export type Redemption = { ok: true; maxSessionSeconds: number } | { ok: false; text: string };

/**
 * Temporary tokens (spec §3): opaque strings, a redemption window, a session cap, and single use by default
 * (the docs' rule). `reusable` mimics what production was seen doing: any number of sessions in the window.
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  /** Tokens minted so far. */
  minted = 0;

  constructor(private readonly reusable: boolean, private readonly now: () => number = Date.now) {}

  /** Mints a token: opaque, starting `AQI` like the live ones, never a JWT (do not parse tokens). */
  mint(expiresInSeconds: number, maxSessionSeconds = 10_800): string {
    const token = `AQI${randomBytes(96).toString('base64url')}`;
    this.minted += 1;
    this.tokens.set(token, { redeemBy: this.now() + expiresInSeconds * 1000, maxSessionSeconds, used: false });
    return token;
  }

  /** Redeems a token for one session, with the service's 1008 texts on failure (spec §2). */
  redeem(token: string): Redemption {
    const record = this.tokens.get(token);
    if (!record) return { ok: false, text: Texts.invalidKey };
    if (this.now() > record.redeemBy) return { ok: false, text: Texts.expiredToken };
    // Reuse: the docs say single-use but give no text; we answer as for an unknown token (UNCONFIRMED, §15).
    if (record.used && !this.reusable) return { ok: false, text: Texts.invalidKey };
    record.used = true;
    return { ok: true, maxSessionSeconds: record.maxSessionSeconds };
  }

  /** Forgets tokens whose window has closed. */
  sweep(): void {
    const now = this.now();
    for (const [token, record] of this.tokens) if (now > record.redeemBy) this.tokens.delete(token);
  }
}
