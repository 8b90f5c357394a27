/** Deterministic bytes that are no text format: an xorshift stream, NUL bytes included. */
export function garbage(size: number, seed = 0x2545f491): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
