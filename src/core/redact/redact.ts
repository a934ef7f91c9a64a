import { redactCliPasswords } from './cli.js';
import { redactAuthSchemes } from './formats.js';
import { type KeyState, classifyKey, redactKeys } from './keys.js';
import { type RedactionCounts, type RedactionKind, redactionMarker } from './kinds.js';
import { type PemState, redactPemLine } from './pem.js';
import { redactEmails } from './personal.js';
import { redactTokens } from './shapes.js';
import { redactUrlPasswords } from './urls.js';

/** Masked text plus how many secrets of each kind were replaced. */
export interface RedactionResult {
  text: string;
  counts: RedactionCounts;
  /** Sum of `counts`. */
  total: number;
}

/**
 * The rules that never cross a newline, in order. Tokens known by their shape
 * first, so one inside a key's value gets its precise kind.
 */
function redactInline(text: string, counts: RedactionCounts | undefined, keys: KeyState | undefined): string {
  let t = redactTokens(text, counts);
  t = redactUrlPasswords(t, counts);
  t = redactCliPasswords(t, counts);
  t = redactKeys(t, counts, keys);
  t = redactAuthSchemes(t, counts);
  return redactEmails(t, counts);
}

// CSI (colours, cursor moves), OSC (titles, links, clipboard) and two-byte escapes, never across a newline.
const ANSI_RE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

/**
 * Colour codes can split a key from its value (`\e[36mpassword\e[0m=hunter2`), so the rules run on the
 * text without them. When nothing is masked the text comes back untouched, colours and all; when
 * something is, the masked text comes back without its escape sequences.
 */
function withoutAnsi(text: string, run: (plain: string) => string): string {
  if (text.indexOf('\u001b') === -1) return run(text);
  const plain = text.replace(ANSI_RE, '');
  const masked = run(plain);
  return masked === plain ? text : masked;
}

function redactWhole(text: string, counts: RedactionCounts | undefined): string {
  return withoutAnsi(text, (plain) => redactPlain(plain, counts));
}

function redactPlain(text: string, counts: RedactionCounts | undefined): string {
  let t = text;
  if (t.indexOf('PRIVATE KEY') !== -1) {
    const pem: PemState = { open: false };
    t = t
      .split('\n')
      .map((line) => redactPemLine(line, counts, pem))
      .join('\n');
  }
  return redactInline(t, counts, undefined);
}

/**
 * Masks every secret and personal datum in `text` (one line or many) and counts
 * them. Each secret becomes `[REDACTED:<kind>]`; keys, separators, surrounding
 * text and the number of lines stay as they were. Idempotent.
 */
export function redact(text: string): RedactionResult {
  const counts: RedactionCounts = {};
  const out = redactWhole(text, counts);
  let total = 0;
  for (const n of Object.values(counts)) total += n;
  return { text: out, counts, total };
}

/** Same masking as `redact`, without the counts: use it on every string that leaves the process. */
export function redactText(text: string): string {
  return redactWhole(text, undefined);
}

/** A stateful redactor for streams: feed lines in order, without their newline. */
export interface LineRedactor {
  /** The masked line. A PEM block spread over several lines is masked on each of them. */
  line(text: string): string;
  /**
   * Several lines at once, same result as calling `line` on each: faster, since
   * each rule runs once over the joined batch instead of once per line.
   */
  lines(texts: readonly string[]): string[];
  /** Running counts per kind over all lines so far. */
  readonly counts: RedactionCounts;
}

/** A line-by-line redactor that remembers just enough (inside a PEM block, a pending `name: PASSWORD`) between lines. */
export function createLineRedactor(): LineRedactor {
  const counts: RedactionCounts = {};
  const pem: PemState = { open: false };
  const keys: KeyState = {};
  const line = (text: string): string =>
    withoutAnsi(text, (plain) => {
      const t = pem.open || plain.indexOf('PRIVATE KEY') !== -1 ? redactPemLine(plain, counts, pem) : plain;
      return redactInline(t, counts, keys);
    });
  return {
    counts,
    line,
    lines(texts: readonly string[]): string[] {
      if (texts.length === 0) return [];
      // No rule crosses or adds a newline, so the joined batch splits back into as many lines.
      let joined = texts.join('\n');
      if (joined.indexOf('\u001b') !== -1) return texts.map(line);
      if (pem.open || joined.indexOf('PRIVATE KEY') !== -1) {
        joined = texts.map((text) => redactPemLine(text, counts, pem)).join('\n');
      }
      return redactInline(joined, counts, keys).split('\n');
    },
  };
}

/**
 * Redacts every string inside a JSON-like value (strings, arrays, plain objects)
 * and masks whole values under secret-looking keys (`{ password: 'x' }`). Returns a copy.
 */
export function redactDeep<T>(value: T): T {
  return deep(value, undefined) as T;
}

function deep(value: unknown, keyKind: RedactionKind | undefined): unknown {
  if (typeof value === 'string') {
    if (keyKind && value !== '' && !value.startsWith('[REDACTED')) return redactionMarker(keyKind);
    return redactText(value);
  }
  if ((typeof value === 'number' || typeof value === 'bigint') && keyKind) return redactionMarker(keyKind);
  if (Array.isArray(value)) return value.map((item) => deep(item, keyKind));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deep(v, classifyKey(k));
    return out;
  }
  return value;
}

/** Adds one count table into another (for totals over many calls). */
export function addCounts(into: RedactionCounts, from: RedactionCounts): RedactionCounts {
  for (const [kind, n] of Object.entries(from) as [RedactionKind, number][]) into[kind] = (into[kind] ?? 0) + n;
  return into;
}
