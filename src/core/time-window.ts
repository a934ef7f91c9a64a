/**
 * Parsing of `--since`, `--until` and `--for` values: relative durations, ISO-8601 and epoch times.
 * Pure: the caller passes "now".
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `15m`, `2h`, `1d`, `1h30m`, `500ms`, `1w` → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * A point in time given as a duration before `now` (`2h`), `now`, an ISO-8601 date or date-time
 * (`2026-12-03T09:00:00Z`; without a zone it is read as UTC, as CloudWatch shows times), or an epoch in
 * seconds (10 digits) or milliseconds (13 digits). Returns epoch ms, or undefined when unreadable.
 */
export function parseTimeSpec(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') return now;
  const duration = parseDuration(trimmed);
  if (duration !== undefined) return now - duration;
  if (/^\d{9,13}$/.test(trimmed)) {
    const n = Number(trimmed);
    return trimmed.length >= 12 ? n : n * 1000;
  }
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  if (!iso) return undefined;
  const normalised = trimmed.replace(' ', 'T');
  const withZone = iso[1] ? normalised : normalised.includes('T') ? `${normalised}Z` : `${normalised}T00:00:00Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A duration in words for messages: `1h30m`, `45s`, `2d`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${amount}${unit}`);
    rest -= amount * size;
  }
  return parts.join('');
}
