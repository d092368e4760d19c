/**
 * Small seeded PRNG (sfc32, seeded through splitmix32). Every tree gets its own stream derived
 * only from (seed, treeIndex), so a tree is the same whichever worker builds it.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    let s = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // Mix the high part of seeds beyond 32 bits as well (seeds are safe integers).
    const high = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    this.a = next() ^ high;
    this.b = next();
    this.c = next() ^ Math.imul(stream, 0x2545f491);
    this.d = 1;
    for (let i = 0; i < 16; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor((this.nextU32() * n) / 4294967296);
  }

  /** Uniform double in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }
}
