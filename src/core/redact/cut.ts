import { MARKER_PREFIX } from './kinds.js';
import { redactText } from './redact.js';

/**
 * How far past a cut the text is still read before redacting: a secret that starts before the cut
 * is recognised whole (tokens, JWTs and key values are far shorter), so no prefix of it survives.
 */
const CUT_LOOKAHEAD = 16 * 1024;

/**
 * Redacts `text`, then cuts it to at most `max` characters. Cutting first would leave the start of a
 * secret that straddles the cut (`AKIAIOSFODNN7EXA…`), which no rule recognises any more. The cut never
 * splits a `[REDACTED:kind]` marker or a surrogate pair. Costs one redaction of `max` + 16 KiB at most.
 */
export function redactThenCut(text: string, max: number): string {
  if (max <= 0) return '';
  const masked = redactText(text.length > max + CUT_LOOKAHEAD ? text.slice(0, max + CUT_LOOKAHEAD) : text);
  if (masked.length <= max) return masked;
  let cut = max;
  const open = masked.lastIndexOf(MARKER_PREFIX, cut - 1);
  if (open !== -1) {
    const close = masked.indexOf(']', open);
    if (close === -1 || close >= cut) cut = open;
  }
  const code = masked.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return masked.slice(0, cut);
}
