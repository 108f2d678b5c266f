/** A vendor access token as cached: the token, when to replace it, and when the vendor stops taking it. */
export interface SharedToken {
  token: string;
  /** Epoch ms after which a caller refreshes it (a margin before `expiresAt`). */
  refreshAt: number;
  /** Epoch ms after which the vendor refuses it. */
  expiresAt: number;
}

/**
 * Where every instance of a deployment keeps a vendor's access token, keyed per credential (e.g.
 * `dianhua:<appid>`), so one token serves them all and one refresh at a time reaches the vendor.
 * The server's durable store implements it (SQLite for one host, PostgreSQL for many).
 */
export interface SharedTokenStore {
  get(key: string): Promise<SharedToken | undefined>;
  /** Takes the refresh lease of `key` for `owner` when no live one is held; answers whether it was taken. */
  claimRefresh(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Stores a fresh token and ends `owner`'s refresh lease. */
  put(key: string, token: SharedToken, owner: string): Promise<void>;
  /** Ends `owner`'s refresh lease without a new token (the refresh failed). */
  release(key: string, owner: string): Promise<void>;
  /** Forgets the stored token if it is still `token` (the vendor refused it); a newer one stays. */
  invalidate(key: string, token: string): Promise<void>;
}
