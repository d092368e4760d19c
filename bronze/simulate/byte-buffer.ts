/**
 * A growable byte buffer that CSV rows are formatted into directly. Telemetry is millions of
 * rows; building JavaScript strings and encoding them would cost several times more.
 */

const COMMA = 44;
const NEWLINE = 10;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

export class ByteBuffer {
  private buf: Uint8Array;
  private pos = 0;

  constructor(initialBytes = 1 << 20) {
    this.buf = new Uint8Array(initialBytes);
  }

  get length(): number {
    return this.pos;
  }

  /** Makes room for `bytes` more; callers reserve once per row, then write without checks. */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + bytes));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Hands over the bytes written so far and starts empty; the caller owns the returned array. */
  take(): Uint8Array {
    const taken = this.buf.subarray(0, this.pos);
    // same capacity: a buffer grown to hold a flush's worth does not grow again
    this.buf = new Uint8Array(this.buf.length);
    this.pos = 0;
    return taken;
  }

  comma(): void {
    this.buf[this.pos++] = COMMA;
  }

  newline(): void {
    this.buf[this.pos++] = NEWLINE;
  }

  bytes(source: Uint8Array, start = 0, end = source.length): void {
    for (let i = start; i < end; i++) this.buf[this.pos++] = source[i] ?? 0;
  }

  /** ASCII text; the simulator never writes anything else. */
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.buf[this.pos++] = text.charCodeAt(i);
  }

  /** A non-negative integer below 2^31. */
  uint(n: number): void {
    if (n >= 10) this.uint((n / 10) | 0);
    this.buf[this.pos++] = ZERO + (n % 10);
  }

  /** `x` rounded to `decimals` places (decimals <= 9; |x| * 10^decimals below 2^53). */
  fixed(x: number, decimals: number, scale: number): void {
    let n = Math.round(x * scale);
    if (n < 0) {
      this.buf[this.pos++] = MINUS;
      n = -n;
    }
    const whole = Math.floor(n / scale);
    let fraction = n - whole * scale;
    this.wholeNumber(whole);
    this.buf[this.pos++] = DOT;
    this.pos += decimals;
    for (let p = this.pos - 1; p >= this.pos - decimals; p--) {
      const q = (fraction / 10) | 0;
      this.buf[p] = ZERO + (fraction - q * 10);
      fraction = q;
    }
  }

  private wholeNumber(n: number): void {
    if (n < 2147483648) this.uint(n);
    else this.ascii(String(n));
  }
}
