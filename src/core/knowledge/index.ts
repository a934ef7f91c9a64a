import type { Diagnosis } from '../diagnosis.js';
import { severityRank } from '../taxonomy.js';
import { compileEntries, matchEntries, prepare, type Match } from './engine.js';
import { DATABASE_CLIENT_HINT, DATABASE_HINT } from './hints.js';
import { ENTRIES } from './entries/index.js';
import { applyFacts } from './facts.js';
import { clip, mostTellingLine } from './telling-line.js';

export type { KnowledgeEntry, Pattern } from './types.js';
export { PRIORITY } from './types.js';
export { ENTRIES } from './entries/index.js';
export { mostTellingLine } from './telling-line.js';

/** What the offline engine looks at for one incident: the redacted sample, its pattern and a few lines before it. */
export interface OfflineInput {
  text: string;
  pattern?: string;
  context?: string[];
}

const COMPILED = compileEntries(ENTRIES);

/** A message broker named in the event: then only a database client or port, not the word "db", makes it a database. */
const BROKER_HINT = /\b(?:rabbitmq|rabbit|amqps?|kafka|nats|activemq|mqtt|sqs)\b|:(?:5671|5672|9092|4222|1883)\b/i;

/** Evidence found only in the lines before the sample counts for less than the sample itself. */
const CONTEXT_PENALTY = 25;
/** Below this score a match is too vague to name a category. */
const MIN_SCORE = 15;

/** Always returns a Diagnosis with engine: 'rules'; category 'unknown' when nothing matches with confidence. */
export function diagnoseOffline(input: OfflineInput): Diagnosis {
  const context = (input.context ?? []).join('\n');
  const isDatabase = BROKER_HINT.test(input.text)
    ? DATABASE_CLIENT_HINT.test(input.text)
    : DATABASE_HINT.test(input.text) || (context !== '' && DATABASE_HINT.test(context));

  let matches = matchEntries(COMPILED, prepare(input.text), isDatabase, context === '' ? undefined : prepare(context));
  let viaFallback = false;
  if (matches.length === 0) {
    // The sample alone said nothing we know; the pattern and the lines before it may.
    const fallback = [input.pattern ?? '', context].filter((s) => s !== '').join('\n');
    if (fallback !== '') {
      matches = matchEntries(COMPILED, prepare(fallback), isDatabase).map((m) => ({
        ...m,
        score: m.score - CONTEXT_PENALTY,
      }));
      viaFallback = true;
    }
  }

  const best = matches[0];
  if (best === undefined || best.score < MIN_SCORE) return unknown(input.text);
  return applyFacts(best.entry, input.text, fromMatch(best, matches, viaFallback));
}

/** A diagnosis drawn only from the lines around the sample is second-hand: never above these. */
const CONTEXT_ONLY_CONFIDENCE = 0.35;
const CONTEXT_ONLY_SEVERITY = 'medium';

function fromMatch(best: Match, all: Match[], viaFallback: boolean): Diagnosis {
  const { entry } = best;
  let confidence = viaFallback ? Math.min(entry.confidence * 0.7, CONTEXT_ONLY_CONFIDENCE) : entry.confidence;
  // A close runner-up from another category means the evidence is ambiguous.
  const rival = all.find((m) => m.category !== best.category);
  if (rival !== undefined && best.score - rival.score < 5) confidence *= 0.8;
  const severity = viaFallback && severityRank(entry.severity) < severityRank(CONTEXT_ONLY_SEVERITY) ? CONTEXT_ONLY_SEVERITY : entry.severity;
  return {
    category: best.category,
    severity,
    // A generic network entry re-filed under a database category says so in its title.
    title: best.category === entry.category ? entry.title : `${entry.title} (database)`,
    rootCause: entry.rootCause,
    remediation: [...entry.remediation],
    confidence: Math.round(confidence * 100) / 100,
    evidence: clip(best.line),
    engine: 'rules',
  };
}

function unknown(text: string): Diagnosis {
  return {
    category: 'unknown',
    severity: 'medium',
    title: 'Unrecognised error',
    rootCause:
      'The built-in knowledge base has no rule for this error; the evidence line is the strongest error signal in the event.',
    remediation: [
      'Read the evidence line and the stack frames just below it to find the failing call and its input.',
      'Check what changed just before the first occurrence: a deploy, a config or secret change, a dependency upgrade.',
      'Look at the lines logged just before this error and at the health of the services it calls (dashboards, status pages).',
      'Ask the LLM provider for a deeper explanation; if the error recurs, add an entry to the built-in knowledge base.',
    ],
    confidence: 0.1,
    evidence: mostTellingLine(text),
    engine: 'rules',
  };
}
