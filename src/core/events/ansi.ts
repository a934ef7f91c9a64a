const ESC = '\u001b';

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and the two-byte escapes.
const ANSI_PATTERN =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

/** Removes ANSI escape sequences; returns the same string untouched when it holds no ESC character. */
export function stripAnsi(text: string): string {
  if (text.indexOf(ESC) === -1) return text;
  return text.replace(ANSI_PATTERN, '');
}
