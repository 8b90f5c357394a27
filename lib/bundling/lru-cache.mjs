/**
 * What the AWS SDK's endpoint cache (@aws-sdk/endpoint-cache, which every
 * DynamoDB client builds for endpoint discovery) uses of mnemonist's
 * LRUCache, on a Map: `new LRUCache(capacity)`, `get` and `set` (which make
 * a key the most recently used), `has`, `peek`, `clear` and `size`. The
 * functions never enable endpoint discovery, so the cache is built and never
 * read; mnemonist's typed-array implementation and its iterator library are
 * about 7 kB of every bundle with a DynamoDB client. lib/function-bundling.ts
 * points `mnemonist/lru-cache` here; test/lib/function-bundling.test.ts runs
 * the same operations on both and compares them.
 */
export default class LRUCache {
  constructor(capacity) {
    if (typeof capacity !== 'number' || capacity <= 0) throw new Error('mnemonist/lru-cache: capacity should be positive number.');
    this.capacity = capacity;
    /** Keys in order of use, least recent first. */
    this.items = new Map();
  }

  get size() {
    return this.items.size;
  }

  clear() {
    this.items.clear();
  }

  has(key) {
    return this.items.has(key);
  }

  /** The value, without making the key the most recently used. */
  peek(key) {
    return this.items.get(key);
  }

  get(key) {
    if (!this.items.has(key)) return undefined;
    const value = this.items.get(key);
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }

  /** Stores the value as the most recently used, evicting the least recently used key when full. */
  set(key, value) {
    if (this.items.has(key)) this.items.delete(key);
    else if (this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value);
    this.items.set(key, value);
  }
}
