import type { LogEvent } from './events.js';
import type { Incident } from './incident.js';
import { stableHash } from './fingerprint.js';
import { createMinerMatcher } from './patterns/matcher.js';
import { redactThenCut } from './redact/cut.js';
import { diagnoseOffline } from './knowledge/index.js';
import { severityRank } from './taxonomy.js';

/** Assigns a text to a pattern: the same problem gets the same id across runs and machines. */
export interface PatternMatcher {
  match(text: string): { id: string; template: string };
}

/** A stateless fallback matcher: masks numbers, ids, IPs, quoted values and path segments. */
export function createSimpleMatcher(): PatternMatcher {
  return {
    match(text) {
      const template = maskVariables(text);
      return { id: stableHash(template).slice(0, 12), template };
    },
  };
}

const VARIABLE_PARTS: [RegExp, string][] = [
  [/"[^"\n]{0,200}"|'[^'\n]{0,200}'/g, '<*>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<*>'],
  [/(?:\/[\w.@~-]+)+\/?/g, '<*>'],
  [/\b0x[0-9a-f]+\b|\b[0-9a-f]*\d[0-9a-f]*\b/gi, '<*>'],
  [/\b\w*\d\w*\b/g, '<*>'],
  [/(?:<\*>[\s.:,/-]*){2,}/g, '<*> '],
];

/** Replaces the variable parts of a line with <*>. */
export function maskVariables(text: string): string {
  let out = text.length > 2000 ? text.slice(0, 2000) : text;
  for (const [pattern, replacement] of VARIABLE_PARTS) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ').trim();
}

export interface CollectorOptions {
  matcher?: PatternMatcher;
  /**
   * Distinct incidents kept. Past it, a new pattern that the knowledge base knows or that is severe
   * takes the place of the rarest unrecognised incident; the rest fold into one overflow incident
   * that counts them, so nothing is lost.
   */
  maxIncidents?: number;
  /** New patterns held past the cap until they are classified (the most recent and the repeated ones). */
  maxPending?: number;
  /** Longest sample kept per incident, in characters. */
  maxSampleLength?: number;
}

interface IncidentState extends Incident {
  sampleLines: number;
  /** The event's own level was fatal: kept past the cap without asking the knowledge base. */
  severe?: boolean;
  /** The knowledge base's verdict, once asked: recognised, or of high or critical severity. */
  important?: boolean;
}

/** How much the overflow incident holds. */
export interface OverflowStats {
  /** Error events that have no incident of their own. */
  events: number;
  /** Distinct patterns among them. */
  patterns: number;
}

/** The fingerprint of the one incident that holds what has no incident of its own. */
export const OVERFLOW_FINGERPRINT = 'overflow';
/** Sources and streams named per incident: enough to find it, bounded however many files or streams it spans. */
const MAX_ORIGINS = 10;
/** The longest incident key the matchers read whole (the simple matcher's 2,000; the miner reads 4,096). */
const MAX_KEY_CHARS = 2000;

/** Folds error events into incidents with bounded memory: one sample and a few context lines each. */
export class IncidentCollector {
  private readonly matcher: PatternMatcher;
  private readonly maxIncidents: number;
  private readonly maxSampleLength: number;
  private readonly maxPending: number;
  private readonly byId = new Map<string, IncidentState>();
  /** New patterns seen past the cap, in insertion order (oldest first), waiting to be classified. */
  private readonly pending = new Map<string, IncidentState>();
  private overflow: IncidentState | undefined;
  private overflowPatterns = 0;

  constructor(options: CollectorOptions = {}) {
    this.matcher = options.matcher ?? createMinerMatcher();
    this.maxIncidents = Math.max(1, options.maxIncidents ?? 10_000);
    this.maxPending = Math.max(1, options.maxPending ?? 1000);
    this.maxSampleLength = options.maxSampleLength ?? 16 * 1024;
  }

  /** Records one error event; `context` holds the lines seen just before it. */
  add(event: LogEvent, context: readonly string[]): void {
    const key = incidentKey(event);
    // The matchers read a bounded prefix; cutting it out of redacted text keeps a straddling secret out of the pattern.
    const { id, template } = this.matcher.match(key.length > MAX_KEY_CHARS ? redactThenCut(key, MAX_KEY_CHARS) : key);
    let state = this.byId.get(id) ?? this.pending.get(id);
    if (!state) {
      state = this.newIncident(id, template, event, context);
      if (this.byId.size < this.maxIncidents) this.byId.set(id, state);
      else this.addPending(state);
    } else {
      state.pattern = template;
      this.count(state, event);
      // A later occurrence with a fuller stack trace is a better representative.
      if (event.lineCount > state.sampleLines) this.setSample(state, event, context);
    }
  }

  /** Every incident so far, the overflow (when there is one) last. */
  incidents(): Incident[] {
    this.settle();
    const all = [...this.byId.values()];
    if (this.overflow) all.push(this.overflow);
    return all.map(({ sampleLines: _s, severe: _v, important: _i, ...incident }) => incident);
  }

  /** What the overflow incident holds; undefined while every pattern has its own incident. */
  overflowStats(): OverflowStats | undefined {
    this.settle();
    return this.overflow ? { events: this.overflow.count, patterns: this.overflowPatterns } : undefined;
  }

  /**
   * Holds a new pattern seen past the cap. When too many are held, the oldest one seen once (and not
   * fatal) folds into the overflow; repeated and fatal ones move to the back of the queue instead.
   */
  private addPending(state: IncidentState): void {
    if (this.pending.size >= this.maxPending) {
      let tries = 0;
      for (const [id, held] of this.pending) {
        this.pending.delete(id);
        if ((held.count > 1 || held.severe) && ++tries < 16) {
          this.pending.set(id, held);
          continue;
        }
        this.foldIntoOverflow(held);
        break;
      }
    }
    this.pending.set(state.fingerprint, state);
  }

  /**
   * Classifies the held patterns: those the knowledge base recognises, or that are severe, take the
   * place of the rarest unrecognised incidents; the others fold into the overflow.
   */
  private settle(): void {
    if (this.pending.size === 0) return;
    const held = [...this.pending.values()];
    this.pending.clear();
    const keep = held.filter((state) => this.isImportant(state)).sort((a, b) => b.count - a.count);
    const kept = new Set(keep);
    for (const state of held) if (!kept.has(state)) this.foldIntoOverflow(state);
    if (keep.length === 0) return;
    // The rarest first; asking the knowledge base only until enough unimportant ones are found.
    const candidates = [...this.byId.values()].sort((a, b) => a.count - b.count);
    let next = 0;
    for (const state of keep) {
      let victim: IncidentState | undefined;
      while (next < candidates.length && !victim) {
        const candidate = candidates[next++]!;
        if (!this.isImportant(candidate)) victim = candidate;
      }
      if (!victim) {
        this.foldIntoOverflow(state);
        continue;
      }
      this.byId.delete(victim.fingerprint);
      this.foldIntoOverflow(victim);
      this.byId.set(state.fingerprint, state);
    }
  }

  /** Fatal by its level, or recognised by the knowledge base, or of high or critical severity there. */
  private isImportant(state: IncidentState): boolean {
    if (state.severe) return true;
    if (state.important === undefined) {
      const verdict = diagnoseOffline({ text: state.sample, pattern: state.pattern });
      state.important = verdict.category !== 'unknown' || severityRank(verdict.severity) <= severityRank('high');
    }
    return state.important;
  }

  private newIncident(id: string, template: string, event: LogEvent, context: readonly string[]): IncidentState {
    const state: IncidentState = {
      fingerprint: id,
      pattern: template,
      count: 0,
      sample: '',
      context: [],
      sources: [],
      sampleLines: 0,
    };
    this.setSample(state, event, context);
    this.count(state, event);
    if (event.level === 'fatal') state.severe = true;
    return state;
  }

  private foldIntoOverflow(state: IncidentState): void {
    this.overflowPatterns++;
    const overflow = (this.overflow ??= {
      fingerprint: OVERFLOW_FINGERPRINT,
      pattern: '',
      count: 0,
      sample: state.sample,
      context: [],
      sources: [],
      sampleLines: state.sampleLines,
    });
    overflow.count += state.count;
    overflow.pattern = `${this.overflowPatterns} more pattern(s) past the limit of ${this.maxIncidents} incidents, folded together`;
    if (state.firstSeen !== undefined && (overflow.firstSeen === undefined || state.firstSeen < overflow.firstSeen)) overflow.firstSeen = state.firstSeen;
    if (state.lastSeen !== undefined && (overflow.lastSeen === undefined || state.lastSeen > overflow.lastSeen)) overflow.lastSeen = state.lastSeen;
    for (const source of state.sources) if (!overflow.sources.includes(source) && overflow.sources.length < MAX_ORIGINS) overflow.sources.push(source);
  }

  private count(state: IncidentState, event: LogEvent): void {
    state.count++;
    if (event.timestamp !== undefined) {
      if (state.firstSeen === undefined || event.timestamp < state.firstSeen) state.firstSeen = event.timestamp;
      if (state.lastSeen === undefined || event.timestamp > state.lastSeen) state.lastSeen = event.timestamp;
    }
    const source = event.source ?? 'input';
    if (!state.sources.includes(source) && state.sources.length < MAX_ORIGINS) state.sources.push(source);
    if (event.stream !== undefined) {
      const streams = (state.streams ??= []);
      if (!streams.includes(event.stream) && streams.length < MAX_ORIGINS) streams.push(event.stream);
    }
  }

  private setSample(state: IncidentState, event: LogEvent, context: readonly string[]): void {
    // Redacted before the cut: a secret straddling it would otherwise leave its first characters.
    state.sample = event.text.length > this.maxSampleLength ? redactThenCut(event.text, this.maxSampleLength) : event.text;
    state.sampleLines = event.lineCount;
    state.context = [...context];
  }
}

/**
 * The text an incident is keyed on: the message's first line, plus the root exception of a
 * stack trace, so that one generic "Request failed" wrapping two different causes stays two incidents.
 */
export function incidentKey(event: LogEvent): string {
  const firstLine = firstLineOf(event.message);
  const root = rootCauseLine(event.text);
  return root && root !== firstLine ? `${firstLine} | ${root}` : firstLine;
}

function firstLineOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}

const CAUSE_LINE = /^\s*(?:Caused by: |panic: )?([\w$.]*(?:Exception|Error|Exit|Fault)\b[^\n]{0,200})$/gm;

/** The deepest exception line of a stack trace, if the event has one. */
function rootCauseLine(text: string): string | undefined {
  if (text.indexOf('\n') === -1) return undefined;
  let last: string | undefined;
  for (const match of text.matchAll(CAUSE_LINE)) last = match[1];
  return last?.replace(/:.*$/, '');
}
