import type { LogEvent } from './events.js';
import type { Incident } from './incident.js';
import { stableHash } from './fingerprint.js';
import { createMinerMatcher } from './patterns/matcher.js';
import { redactThenCut } from './redact/cut.js';

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
  /** Distinct incidents kept; later new patterns fold into one overflow incident so nothing is lost. */
  maxIncidents?: number;
  /** Longest sample kept per incident, in characters. */
  maxSampleLength?: number;
}

interface IncidentState extends Incident {
  sampleLines: number;
}

const OVERFLOW_FINGERPRINT = 'overflow';
/** Sources and streams named per incident: enough to find it, bounded however many files or streams it spans. */
const MAX_ORIGINS = 10;
/** The longest incident key the matchers read whole (the simple matcher's 2,000; the miner reads 4,096). */
const MAX_KEY_CHARS = 2000;

/** Folds error events into incidents with bounded memory: one sample and a few context lines each. */
export class IncidentCollector {
  private readonly matcher: PatternMatcher;
  private readonly maxIncidents: number;
  private readonly maxSampleLength: number;
  private readonly byId = new Map<string, IncidentState>();

  constructor(options: CollectorOptions = {}) {
    this.matcher = options.matcher ?? createMinerMatcher();
    this.maxIncidents = options.maxIncidents ?? 10_000;
    this.maxSampleLength = options.maxSampleLength ?? 16 * 1024;
  }

  /** Records one error event; `context` holds the lines seen just before it. */
  add(event: LogEvent, context: readonly string[]): void {
    const key = incidentKey(event);
    // The matchers read a bounded prefix; cutting it out of redacted text keeps a straddling secret out of the pattern.
    const { id, template } = this.matcher.match(key.length > MAX_KEY_CHARS ? redactThenCut(key, MAX_KEY_CHARS) : key);
    let state = this.byId.get(id);
    if (!state) {
      if (this.byId.size >= this.maxIncidents) return this.addToOverflow(event);
      state = this.newIncident(id, template, event, context);
      this.byId.set(id, state);
    } else {
      state.pattern = template;
      this.count(state, event);
      // A later occurrence with a fuller stack trace is a better representative.
      if (event.lineCount > state.sampleLines) this.setSample(state, event, context);
    }
  }

  incidents(): Incident[] {
    return [...this.byId.values()].map(({ sampleLines: _unused, ...incident }) => incident);
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
    return state;
  }

  private addToOverflow(event: LogEvent): void {
    let state = this.byId.get(OVERFLOW_FINGERPRINT);
    if (!state) {
      state = this.newIncident(OVERFLOW_FINGERPRINT, 'errors beyond the incident limit', event, []);
      this.byId.set(OVERFLOW_FINGERPRINT, state);
      return;
    }
    this.count(state, event);
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
