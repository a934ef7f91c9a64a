/** 64-bit FNV-1a over UTF-16 code units, as 16 hex chars; pure so it runs the same in the CLI and the Lambda. */
export function fnv1a64(text: string): string {
  // Four 16-bit limbs, so every product stays an exact small integer. The 64-bit prime
  // 0x100000001b3 multiplies as h * 0x1b3 + (h << 40).
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h0 ^= c;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    h3 = (h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
  }
  return hex16(h3) + hex16(h2) + hex16(h1) + hex16(h0);
}

function hex16(limb: number): string {
  return limb.toString(16).padStart(4, '0');
}

/** The public id of a template: 12 hex chars, the same on every run and machine. */
export function patternId(words: readonly string[]): string {
  // Words joined by a control char so that spacing differences never change the id.
  return fnv1a64(words.join('\u0001')).slice(0, 12);
}
