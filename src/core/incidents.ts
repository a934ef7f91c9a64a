import type { LogEvent } from './events.js';
import type { Incident, RelatedSignal } from './incident.js';
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
  /** Occurrences per remote address; bounded by MAX_ADDRESSES. */
  addressCounts?: Map<string, number>;
}

const MAX_ADDRESSES = 200;
const SHOWN_ADDRESSES = 5;
// Where a login attempt or connection came from: sshd "from 1.2.3.4", PAM "rhost=1.2.3.4", dovecot "rip=", vsftpd 'Client "…"'.
const REMOTE_ADDRESS = /(?:\bfrom |\brhost=|\brip=|\bClient "(?:::ffff:)?)((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})\b/i;

/** The remote address an event names, when it names one. */
export function remoteAddress(text: string): string | undefined {
  const head = text.length > 500 ? text.slice(0, 500) : text;
  if (!head.includes('from ') && !head.includes('host=') && !head.includes('rip=') && !head.includes('Client "')) return undefined;
  return REMOTE_ADDRESS.exec(head)?.[1];
}

const OVERFLOW_FINGERPRINT = 'overflow';
/** Sources and streams named per incident: enough to find it, bounded however many files or streams it spans. */
const MAX_ORIGINS = 10;
/** The longest incident key the matchers read whole (the simple matcher's 2,000; the miner reads 4,096). */
const MAX_KEY_CHARS = 2000;

/** Distinct possible-error patterns kept; past it they only count. */
const MAX_POSSIBLE = 1000;

/** Folds error events into incidents with bounded memory: one sample and a few context lines each. */
export class IncidentCollector {
  private readonly matcher: PatternMatcher;
  private readonly maxIncidents: number;
  private readonly maxSampleLength: number;
  private readonly byId = new Map<string, IncidentState>();
  private readonly possibleById = new Map<string, IncidentState>();
  private possibleCount = 0;

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
    return [...this.byId.values()].map(publicIncident);
  }

  /**
   * Records an event that may be an error (event.possible says why): a warning, a failure sentence at info
   * level. These become incidents only when nothing is at error level; otherwise they are related signals.
   */
  addPossible(event: LogEvent, context: readonly string[]): void {
    this.possibleCount++;
    const key = incidentKey(event);
    const { id, template } = this.matcher.match(key.length > MAX_KEY_CHARS ? redactThenCut(key, MAX_KEY_CHARS) : key);
    const state = this.possibleById.get(id);
    if (state !== undefined) {
      this.count(state, event);
      return;
    }
    if (this.possibleById.size >= MAX_POSSIBLE) return;
    const fresh = this.newIncident(id, template, event, context);
    fresh.possible = event.possible ?? 'may be an error';
    this.possibleById.set(id, fresh);
  }

  /** Possible-error incidents (most frequent first), each with the reason it may be an error. */
  possibleIncidents(): Incident[] {
    return [...this.possibleById.values()]
      .sort((a, b) => b.count - a.count)
      .map(publicIncident);
  }

  /** How many events were recorded as possible errors (warnings, failure sentences at info level). */
  possibleErrors(): number {
    return this.possibleCount;
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
    const address = remoteAddress(event.text);
    if (address !== undefined) {
      const counts = (state.addressCounts ??= new Map());
      if (counts.has(address) || counts.size < MAX_ADDRESSES) counts.set(address, (counts.get(address) ?? 0) + 1);
    }
  }

  private setSample(state: IncidentState, event: LogEvent, context: readonly string[]): void {
    // Redacted before the cut: a secret straddling it would otherwise leave its first characters.
    state.sample = event.text.length > this.maxSampleLength ? redactThenCut(event.text, this.maxSampleLength) : event.text;
    state.sampleLines = event.lineCount;
    state.context = [...context];
  }
}

/** The incident as callers see it: bookkeeping dropped, remote addresses summed up. */
function publicIncident(state: IncidentState): Incident {
  const { sampleLines: _lines, addressCounts, ...incident } = state;
  if (addressCounts !== undefined && addressCounts.size > 0) {
    incident.addresses = [...addressCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, SHOWN_ADDRESSES)
      .map(([address, count]) => ({ address, count }));
  }
  return incident;
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

/** One earlier line offered as context, with what tells whether it belongs to the same process and moment. */
interface ContextLine {
  line: string;
  timestamp: number | undefined;
  process: string | undefined;
  source: string | undefined;
}

/** How far before an error a context line may be and still explain it. */
const CONTEXT_MAX_GAP_MS = 60_000;

// A pid in a syslog tag or bracket ("sshd[4242]:", "[5869]"), a thread ("[pool-7-thread-16]"), a request id.
const PROCESS_KEY =
  /\b(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\s+\[([^\]\n]{1,80})\]|\] \[(\d{1,9})\] |\b[\w./-]{1,64}\[(\d{1,9})\]:|^\S*\s?\[(\d{1,9})\]|\[([\w.-]{1,60}-thread-\d{1,6}|nio-\d+-exec-\d+)\]|\b(req-[0-9a-f-]{8,36})\b|\[([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/i;

/** The process, thread or request a log line names in its header, when it names one. */
export function processKey(line: string): string | undefined {
  const m = PROCESS_KEY.exec(line.length > 300 ? line.slice(0, 300) : line);
  if (m === null) return undefined;
  return m.slice(1).find((group) => group !== undefined);
}

/**
 * The few lines seen before an event, kept as context only when they can explain it: same input, same
 * process/thread/request when both lines name one, and at most a minute earlier when both carry a time.
 * It looks a little further back than it returns, so interleaved lines of other processes do not push
 * the event's own out.
 */
export class ContextWindow {
  private readonly lines: ContextLine[] = [];
  private readonly lookBack: number;

  constructor(private readonly size = 3) {
    this.lookBack = size * 4;
  }

  /** Remembers an event's first line. */
  remember(event: LogEvent): void {
    if (this.size === 0) return;
    const newline = event.text.indexOf('\n');
    const first = newline === -1 ? event.text : event.text.slice(0, newline);
    // Redacted before the cut, so a secret straddling character 500 cannot survive as an unrecognisable stub.
    const line = first.length > 500 ? redactThenCut(first, 500) : first;
    this.lines.push({ line, timestamp: event.timestamp, process: processKey(line), source: event.source });
    if (this.lines.length > this.lookBack) this.lines.shift();
  }

  /** The remembered lines that may explain the event, oldest first. */
  linesFor(event: LogEvent): string[] {
    if (this.lines.length === 0) return [];
    const first = event.text.length > 300 ? event.text.slice(0, 300) : event.text;
    const process = processKey(first);
    return this.lines
      .filter((c) => belongsTo(c, event, process))
      .slice(-this.size)
      .map((c) => c.line);
  }

  /** Forgets everything (a new input starts). */
  clear(): void {
    this.lines.length = 0;
  }
}

function belongsTo(context: ContextLine, event: LogEvent, process: string | undefined): boolean {
  if (context.source !== event.source) return false;
  if (context.process !== undefined && process !== undefined && context.process !== process) return false;
  if (context.timestamp !== undefined && event.timestamp !== undefined) {
    const gap = event.timestamp - context.timestamp;
    if (gap > CONTEXT_MAX_GAP_MS || gap < -1000) return false;
  }
  return true;
}

/** How close in time a warning pattern must be to an incident to be shown beside it. */
const RELATED_WINDOW_MS = 10 * 60_000;
/** A warning pattern is a storm worth showing from this many occurrences. */
const STORM_MIN = 5;
const MAX_RELATED = 4;

const PEER = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?\b|\b[a-z][\w-]*(?:\.[\w-]+)*[a-z0-9]:\d{2,5}\b/gi;

/** Hosts and addresses a sample names ("10.0.0.7:5432", "zoo2:3888"), loopback, wildcard and source files left out. */
export function peersOf(text: string): Set<string> {
  const peers = new Set<string>();
  const lines = text.split('\n', 40).filter((line) => !STACK_FRAME.test(line)).slice(0, 4);
  for (const line of lines) {
    for (const m of line.slice(0, 2000).matchAll(PEER)) {
      const peer = m[0].toLowerCase();
      if (peer.startsWith('127.') || peer.startsWith('0.0.0.0') || peer.startsWith('localhost') || SOURCE_FILE.test(peer)) continue;
      peers.add(peer);
    }
  }
  return peers;
}

const STACK_FRAME = /^\s*(?:at |File "|\.\.\. \d+ more)/;
const SOURCE_FILE = /\.(?:java|kt|scala|py|go|js|mjs|cjs|ts|rb|cs|php|rs|c|cc|cpp|h):\d+$|^(?:line|port|pid|http|https):/;

/**
 * Attaches related signals to error incidents: high-count warning patterns close in time (a storm of
 * "Cannot open channel to 2" beside an election failure), and other incidents naming the same host or peer.
 */
export function relateIncidents(incidents: Incident[], warnings: readonly Incident[]): void {
  const peers = incidents.map((incident) => peersOf(incident.sample));
  const warningPeers = warnings.map((warning) => peersOf(warning.sample));
  incidents.forEach((incident, i) => {
    const related: RelatedSignal[] = [];
    warnings.forEach((warning, w) => {
      const shared = firstShared(peers[i]!, warningPeers[w]!);
      if (warning.count < STORM_MIN && shared === undefined) return;
      if (!closeInTime(incident, warning)) return;
      const reason = shared !== undefined ? `${warning.count} warning(s) naming ${shared}` : `${warning.count} warnings close in time`;
      related.push({ kind: 'warnings', pattern: warning.pattern, count: warning.count, reason });
    });
    incidents.forEach((other, j) => {
      if (j === i) return;
      const shared = firstShared(peers[i]!, peers[j]!);
      if (shared === undefined) return;
      related.push({ kind: 'peer', pattern: other.pattern, count: other.count, reason: `both name ${shared}`, fingerprint: other.fingerprint });
    });
    if (related.length > 0) incident.related = related.sort((a, b) => b.count - a.count).slice(0, MAX_RELATED);
  });
}

function firstShared(a: Set<string>, b: Set<string>): string | undefined {
  for (const peer of a) if (b.has(peer)) return peer;
  return undefined;
}

function closeInTime(a: Incident, b: Incident): boolean {
  if (a.firstSeen === undefined || b.firstSeen === undefined) return a.sources.some((s) => b.sources.includes(s));
  const aLast = a.lastSeen ?? a.firstSeen;
  const bLast = b.lastSeen ?? b.firstSeen;
  return b.firstSeen <= aLast + RELATED_WINDOW_MS && bLast >= a.firstSeen - RELATED_WINDOW_MS;
}
