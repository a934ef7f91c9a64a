/** 64-bit FNV-1a over UTF-16 code units, as 16 hex chars; pure so it runs the same in the CLI and the Lambda. */
export function fnv1a64(text: string): string {
  // Two 32-bit halves: the 64-bit multiply by 0x100000001b3 is lo*0x1b3 plus lo<<40.
  let lo = 0x84222325;
  let hi = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 4294967296);
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = loMul >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** The public id of a template: 12 hex chars, the same on every run and machine. */
export function patternId(words: readonly string[]): string {
  // Words joined by a control char so that spacing differences never change the id.
  return fnv1a64(words.join('\u0001')).slice(0, 12);
}
