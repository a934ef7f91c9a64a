import type { Diagnosis } from '../diagnosis.js';
import { clip } from './telling-line.js';
import type { KnowledgeEntry } from './types.js';

const PLACEHOLDER = /\{(\w+)\}/g;
/** A fact is a name, version, path or message fragment; longer captures are cut. */
const MAX_FACT = 160;

/** Reads an entry's facts from the event text: every named group of the first match of each regex. */
export function readFacts(entry: KnowledgeEntry, text: string): Map<string, string> {
  const facts = new Map<string, string>();
  for (const re of entry.facts ?? []) {
    const groups = re.exec(text)?.groups;
    if (groups === undefined) continue;
    for (const [name, value] of Object.entries(groups)) {
      if (value === undefined || facts.has(name)) continue;
      const trimmed = value.trim();
      if (trimmed !== '') facts.set(name, trimmed.length > MAX_FACT ? `${trimmed.slice(0, MAX_FACT - 1)}…` : trimmed);
    }
  }
  return facts;
}

/** `template` with its `{name}`s filled, or undefined when one of them was not found. */
function fill(template: string, facts: Map<string, string>): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = facts.get(name);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}

/**
 * Swaps in the entry's detailed title, root cause and first steps, naming what the event names (the
 * conflicting packages, the file and line, the failing test), wherever every fact they need was found.
 */
export function applyFacts(entry: KnowledgeEntry, text: string, diagnosis: Diagnosis): Diagnosis {
  const detail = entry.detail;
  if (detail === undefined || entry.facts === undefined) return diagnosis;
  const facts = readFacts(entry, text);
  if (facts.size === 0) return diagnosis;
  const title = detail.title === undefined ? undefined : fill(detail.title, facts);
  const rootCause = detail.rootCause === undefined ? undefined : fill(detail.rootCause, facts);
  const steps = (detail.remediation ?? []).map((step) => fill(step, facts)).filter((s): s is string => s !== undefined);
  return {
    ...diagnosis,
    title: title === undefined ? diagnosis.title : clip(title),
    rootCause: rootCause ?? diagnosis.rootCause,
    remediation: [...steps, ...diagnosis.remediation.slice(steps.length > 0 ? (detail.replaces ?? 0) : 0)].slice(0, 5),
  };
}
