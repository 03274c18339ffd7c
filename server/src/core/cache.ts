// Parse results cached per document version, so diagnostics, hover and completion on the same
// version parse once.
export class VersionCache<T> {
  private entries = new Map<string, { version: number; value: T }>();
  constructor(private readonly limit = 64) {}

  /** The value for this version; `compute` gets the previous version's value, for incremental work. */
  get(uri: string, version: number, compute: (previous?: T) => T): T {
    const hit = this.entries.get(uri);
    if (hit && hit.version === version) return hit.value;
    const value = compute(hit?.value);
    this.entries.delete(uri);
    this.entries.set(uri, { version, value });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Names one per-document cache of a mode. A key is not a store: the values live in the
 * `CacheScope` of the service asking (`ctx.caches.of(KEY)`), so two services never share a
 * document's parse and modes keep no per-document state of their own.
 */
export class CacheKey<T> {
  declare private readonly _value?: T;
  constructor(
    readonly name: string,
    readonly limit = 64,
  ) {}
}

/** Names a per-document value that is not a parse by version (an editing session on a kernel tree). */
export class DocumentKey<T> {
  declare private readonly _value?: T;
  constructor(readonly name: string) {}
}

/** The per-document caches of one language service: one VersionCache per key, forgotten together. */
export class CacheScope {
  private readonly caches = new Map<CacheKey<unknown>, VersionCache<unknown>>();
  private readonly values = new Map<DocumentKey<unknown>, Map<string, unknown>>();

  /** The values kept under `key`, by document URI (dropped when the document is forgotten). */
  documents<T>(key: DocumentKey<T>): Map<string, T> {
    let m = this.values.get(key as DocumentKey<unknown>);
    if (!m) this.values.set(key as DocumentKey<unknown>, (m = new Map<string, unknown>()));
    return m as Map<string, T>;
  }

  of<T>(key: CacheKey<T>): VersionCache<T> {
    let c = this.caches.get(key as CacheKey<unknown>);
    if (!c) this.caches.set(key as CacheKey<unknown>, (c = new VersionCache<unknown>(key.limit)));
    return c as VersionCache<T>;
  }

  forget(uri: string): void {
    for (const c of this.caches.values()) c.forget(uri);
    for (const m of this.values.values()) m.delete(uri);
  }
}
