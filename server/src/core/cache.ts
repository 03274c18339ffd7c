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
