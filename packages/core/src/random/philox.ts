/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a
 * counter-based generator. The same key and counter give the same numbers anywhere, so a
 * seed reproduces on every backend.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High and low 32 bits of a 32x32-bit product. */
function mulHiLo(a: number, b: number): [number, number] {
  const lo = Math.imul(a, b) >>> 0;
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const mid1 = aH * bL, mid2 = aL * bH;
  const carry = ((aL * bL) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  const hi = (aH * bH + (mid1 >>> 16) + (mid2 >>> 16) + (carry >>> 16)) >>> 0;
  return [hi, lo];
}

/** Four 32-bit random words for counter (c0..c3) and key (k0, k1). */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): [number, number, number, number] {
  for (let r = 0; r < 10; r++) {
    const [hi0, lo0] = mulHiLo(M0, c0);
    const [hi1, lo1] = mulHiLo(M1, c2);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}
