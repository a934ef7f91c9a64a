import { redactText } from '../../core/redact/index.js';

const ELLIPSIS = '…';

/**
 * Makes untrusted log text inert for Slack mrkdwn and the notification fallback:
 * secrets are redacted (again: defence in depth), `&`, `<`, `>` escaped so no `<!here>`,
 * `<@U…>`, `<#C…>`, `<!subteam^…>` or `<url|text>` can form, and bare `@here`-style words broken.
 */
export function untrusted(text: string): string {
  return neutraliseBareMentions(escapeControlChars(escapeSlack(redactText(text))));
}

/** Like `untrusted`, for the inside of a ``` block: backticks become a look-alike so the block cannot be closed. */
export function untrustedCode(text: string): string {
  return untrusted(text).replace(/`/g, 'ˋ');
}

/** Slack's three control characters; `&` first so existing entities stay literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack links bare `@channel`/`@here`/`@everyone` only with `link_names`, which cloudsentry never sets;
 * a zero-width space after the `@` keeps that true even if a receiver parses them anyway.
 */
function neutraliseBareMentions(text: string): string {
  return text.replace(/@(?=(?:channel|here|everyone)\b)/gi, '@\u200b');
}

/** Control and bidi-override characters shown as visible escapes, so log text cannot reorder or hide what is shown. */
function escapeControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * Cuts escaped text to at most `max` UTF-16 units, ending with an ellipsis; never splits
 * a surrogate pair or an `&amp;`-style entity, so the cut cannot produce a broken character or a bare `&`.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp !== -1 && amp >= cut - 5 && !text.slice(amp, cut).includes(';')) {
    const entity = /^&(?:amp|lt|gt);/.exec(text.slice(amp));
    if (entity && amp + entity[0].length > cut) cut = amp;
  }
  return text.slice(0, Math.max(0, cut)) + ELLIPSIS;
}

/** Text that must not be empty (Slack rejects empty text objects). */
export function nonEmpty(text: string, placeholder = '—'): string {
  return text.trim() === '' ? placeholder : text;
}
