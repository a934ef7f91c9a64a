import { EventAssembler } from './events/assembler.js';
import type { LogEvent } from './events.js';
import type { Incident, RunSummary } from './incident.js';
import { ContextWindow, IncidentCollector, relateIncidents } from './incidents.js';

/** What reading a whole log produced: incidents (undiagnosed) and counts. */
export interface AnalysisResult {
  incidents: Incident[];
  summary: RunSummary;
}

export interface AnalyzerOptions {
  collector?: IncidentCollector;
  /** How many preceding event lines travel with an incident's sample as context. */
  contextLines?: number;
  /** Year for timestamps that carry none (syslog, glog); the core has no clock, so the caller passes it. */
  year?: number;
}

/**
 * One log record that arrives whole with its own metadata (a CloudWatch Logs event, a Lambda
 * subscription event): its timestamp is taken as given, never re-parsed from the text.
 */
export interface LogRecord {
  /** The record's text; may span several lines (a stack trace logged as one event). */
  message: string;
  /** Epoch milliseconds. */
  timestamp?: number;
  /** Where it came from, e.g. a log group name. */
  source: string;
  /** The stream within the source, e.g. a log stream name. */
  stream?: string;
}

/** Open lanes (source + stream pairs) kept at once; the least recently used is flushed past this. */
const MAX_LANES = 256;

/** One source+stream's assembler and its recent lines: stack traces and context never cross lanes. */
interface Lane {
  assembler: EventAssembler;
  recent: ContextWindow;
}

/**
 * Streams lines into events and error events into incidents, in bounded memory.
 * Lines of different sources (and streams) are assembled separately so a stack trace never spans files.
 */
export class LogAnalyzer {
  private readonly collector: IncidentCollector;
  private readonly contextLines: number;
  private readonly year: number | undefined;
  private readonly lanes = new Map<string, Lane>();
  private current: Lane | undefined;
  private currentKey: string | undefined;
  private events = 0;
  private errorEvents = 0;

  constructor(options: AnalyzerOptions = {}) {
    this.collector = options.collector ?? new IncidentCollector();
    this.contextLines = options.contextLines ?? 3;
    this.year = options.year;
  }

  /** Feeds one physical line of `source` (a file, stdin, a command's output). */
  push(line: string, source: string): void {
    this.lane(source, undefined).assembler.push(line);
  }

  /** Feeds one whole record; its lines are assembled with the earlier records of the same stream. */
  pushRecord(record: LogRecord): void {
    const lane = this.lane(record.source, record.stream);
    const lines = record.message.split('\n');
    // CloudWatch keeps the newline that ended a line written by print/console.log: not a blank line.
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) lane.assembler.push(line, record.timestamp);
  }

  /**
   * Incidents and counts so far, without ending the input (live views); pending events are not included yet.
   * When nothing is at error level, what may be an error (warnings, failure sentences at info level) is
   * reported instead of a false all-clear; otherwise those become related signals of the errors.
   */
  snapshot(): AnalysisResult {
    const errors = this.collector.incidents();
    const possible = this.collector.possibleIncidents();
    const incidents = errors.length > 0 ? errors : possible;
    if (errors.length > 0) relateIncidents(errors, possible);
    const possibleErrors = this.collector.possibleErrors();
    const overflow = this.collector.overflowStats();
    return {
      incidents,
      summary: {
        events: this.events,
        errorEvents: this.errorEvents,
        incidents: incidents.length,
        ...(possibleErrors > 0 ? { possibleErrors } : {}),
        ...(overflow ? { overflow } : {}),
      },
    };
  }

  /** Flushes pending events, e.g. when a live source goes quiet, so they show up in the next snapshot. */
  flush(): void {
    for (const lane of this.lanes.values()) lane.assembler.end();
  }

  /** Flushes the last events and returns the result. */
  end(): AnalysisResult {
    this.flush();
    this.lanes.clear();
    this.current = undefined;
    this.currentKey = undefined;
    return this.snapshot();
  }

  private lane(source: string, stream: string | undefined): Lane {
    const key = stream === undefined ? source : `${source}\u0000${stream}`;
    if (key === this.currentKey && this.current) return this.current;
    let lane = this.lanes.get(key);
    if (lane) {
      // Re-insert so the map's order is least recently used first.
      this.lanes.delete(key);
    } else {
      lane = this.openLane(source, stream);
      if (stream === undefined) this.closeLanesOf(source); // A file's lines never resume after another file.
      this.evictOldestLane();
    }
    this.lanes.set(key, lane);
    this.current = lane;
    this.currentKey = key;
    return lane;
  }

  private openLane(source: string, stream: string | undefined): Lane {
    const recent = new ContextWindow(this.contextLines);
    const assembler = new EventAssembler((event) => this.onEvent(event, recent), { source, stream, year: this.year });
    return { assembler, recent };
  }

  private closeLanesOf(source: string): void {
    for (const [key, lane] of this.lanes) {
      if (key !== source) {
        lane.assembler.end();
        this.lanes.delete(key);
      }
    }
  }

  private evictOldestLane(): void {
    if (this.lanes.size < MAX_LANES) return;
    const [oldestKey, oldest] = this.lanes.entries().next().value as [string, Lane];
    oldest.assembler.end();
    this.lanes.delete(oldestKey);
  }

  private onEvent(event: LogEvent, recent: ContextWindow): void {
    this.events++;
    if (event.isError) {
      this.errorEvents++;
      this.collector.add(event, recent.linesFor(event));
      // An error is an incident of its own: it is never context, whose evidence another incident could borrow.
      return;
    } else if (event.possible !== undefined) {
      this.collector.addPossible(event, recent.linesFor(event));
    }
    recent.remember(event);
  }
}
