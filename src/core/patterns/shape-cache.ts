/**
 * Open-addressing map from a 64-bit shape key (two int32 halves) to a value. Keys live
 * interleaved in one typed array so a lookup touches one cache line and allocates nothing,
 * which matters at a million lookups a second. It is a cache: when it fills up it is wiped,
 * so its memory is fixed whatever the input.
 */
export class ShapeCache<T> {
  private readonly mask: number;
  private readonly limit: number;
  /** Per slot: key1, key2, 1 when used, padding. */
  private readonly keys: Int32Array;
  private readonly values: (T | undefined)[];
  private count = 0;

  constructor(bits = 16) {
    const size = 1 << bits;
    this.mask = size - 1;
    this.limit = size >> 1;
    this.keys = new Int32Array(size * 4);
    this.values = new Array<T | undefined>(size).fill(undefined);
  }

  /** The value stored for the key, if any. */
  get(key1: number, key2: number): T | undefined {
    const keys = this.keys;
    let slot = mix(key1, key2) & this.mask;
    while (keys[slot * 4 + 2] === 1) {
      if (keys[slot * 4] === key1 && keys[slot * 4 + 1] === key2) return this.values[slot];
      slot = (slot + 1) & this.mask;
    }
    return undefined;
  }

  /** Stores or replaces the value for the key. */
  set(key1: number, key2: number, value: T): void {
    if (this.count >= this.limit) this.clear();
    const keys = this.keys;
    let slot = mix(key1, key2) & this.mask;
    while (keys[slot * 4 + 2] === 1) {
      if (keys[slot * 4] === key1 && keys[slot * 4 + 1] === key2) {
        this.values[slot] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    keys[slot * 4] = key1;
    keys[slot * 4 + 1] = key2;
    keys[slot * 4 + 2] = 1;
    this.values[slot] = value;
    this.count++;
  }

  /** Forgets everything. */
  clear(): void {
    this.keys.fill(0);
    this.values.fill(undefined);
    this.count = 0;
  }
}

function mix(a: number, b: number): number {
  const h = Math.imul(a ^ (b >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 16);
}
