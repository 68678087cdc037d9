/** A seeded pseudo-random source, so every seed of the same size holds the same data. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // sfc32, seeded through splitmix32.
    const next = () => {
      seed = (seed + 0x9e3779b9) | 0;
      let z = seed;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys, chosen by its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      r -= weight;
      if (r < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  hex(digits: number): string {
    let out = "";
    while (out.length < digits) out += this.uint32().toString(16).padStart(8, "0");
    return out.slice(0, digits);
  }

  /** A random version-4 UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/**
 * Version-4-shaped UUIDs whose first 12 hex digits count up, so rows inserted in this order
 * append to the clustered (primary key) index instead of landing on random pages: the bulk
 * load of 2,000,000 ledger rows stays fast on a small InnoDB buffer pool. The rest is random.
 */
export class AscendingIds {
  private n = 0;

  constructor(private readonly random: Random) {}

  next(): string {
    const head = (this.n++).toString(16).padStart(12, "0");
    const tail = this.random.hex(19);
    return `${head.slice(0, 8)}-${head.slice(8, 12)}-4${tail.slice(0, 3)}-${((parseInt(tail[3], 16) & 3) | 8).toString(16)}${tail.slice(4, 7)}-${tail.slice(7, 19)}`;
  }
}
