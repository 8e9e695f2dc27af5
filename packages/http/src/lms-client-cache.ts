import { findLmsClient, type Db } from '@attain/db';

export interface CachedLmsClient {
  id: string;
  disabled: boolean;
  /** The opened HMAC secret: kept in memory only, never logged. */
  hmacSecret: string;
}

const caches = new WeakMap<Db, LmsClientCache>();

/**
 * LMS clients as ingest authenticates them, kept for a few seconds: a busy client would otherwise
 * cost a query and a decryption per request. Disabling a client or rotating its secret through
 * this API forgets the entry at once; through another replica or the CLI it takes effect within
 * `ttlMs`. Unknown ids are not cached, so a made-up id never fills memory.
 */
export class LmsClientCache {
  private readonly entries = new Map<string, { client: CachedLmsClient; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly open: (sealed: string) => string,
    private readonly options: { ttlMs: number; now: () => Date; maxEntries?: number },
  ) {}

  /** The one cache of a database handle (the ingest and admin routes share it). */
  static of(
    db: Db,
    open: (sealed: string) => string,
    options: { ttlMs: number; now: () => Date; maxEntries?: number },
  ): LmsClientCache {
    let cache = caches.get(db);
    if (cache === undefined) {
      cache = new LmsClientCache(db, open, options);
      caches.set(db, cache);
    }
    return cache;
  }

  /** Drops an entry in every cache of this database handle (after disable, enable or rotate). */
  static forget(db: Db, id: string): void {
    caches.get(db)?.entries.delete(id);
  }

  async get(id: string): Promise<CachedLmsClient | undefined> {
    const now = this.options.now().getTime();
    const cached = this.entries.get(id);
    if (cached !== undefined && cached.until > now) return cached.client;
    const row = await findLmsClient(this.db, id);
    if (row === undefined) {
      this.entries.delete(id);
      return undefined;
    }
    const client = { id: row.id, disabled: row.disabled, hmacSecret: this.open(row.hmacSecretSealed) };
    if (this.entries.size >= (this.options.maxEntries ?? 10_000)) this.entries.clear();
    this.entries.set(id, { client, until: now + this.options.ttlMs });
    return client;
  }
}
