/** Fast, stable, non-cryptographic 64-bit FNV-1a hash of a string, as 16 hex chars. */
export function stableHash(text: string): string {
  // Two 32-bit lanes keep the arithmetic in small integers (no BigInt on the hot path).
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
