import { EventAssembler } from './events/assembler.js';
import type { LogEvent } from './events.js';
import type { Incident, RunSummary } from './incident.js';
import { IncidentCollector } from './incidents.js';

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
 * Streams lines into events and error events into incidents, in bounded memory.
 * Lines of different sources are assembled separately so a stack trace never spans files.
 */
export class LogAnalyzer {
  private readonly collector: IncidentCollector;
  private readonly contextLines: number;
  private readonly year: number | undefined;
  private readonly recent: string[] = [];
  private assembler: EventAssembler | undefined;
  private source: string | undefined;
  private events = 0;
  private errorEvents = 0;

  constructor(options: AnalyzerOptions = {}) {
    this.collector = options.collector ?? new IncidentCollector();
    this.contextLines = options.contextLines ?? 3;
    this.year = options.year;
  }

  /** Feeds one physical line of `source`. */
  push(line: string, source: string): void {
    if (source !== this.source || !this.assembler) this.switchSource(source);
    this.assembler!.push(line);
  }

  /** Flushes the last event and returns the result. */
  end(): AnalysisResult {
    this.assembler?.end();
    this.assembler = undefined;
    const incidents = this.collector.incidents();
    return {
      incidents,
      summary: { events: this.events, errorEvents: this.errorEvents, incidents: incidents.length },
    };
  }

  private switchSource(source: string): void {
    this.assembler?.end();
    this.recent.length = 0;
    this.source = source;
    this.assembler = new EventAssembler((event) => this.onEvent(event), { source, year: this.year });
  }

  private onEvent(event: LogEvent): void {
    this.events++;
    if (event.isError) {
      this.errorEvents++;
      this.collector.add(event, this.recent);
    }
    this.remember(event);
  }

  private remember(event: LogEvent): void {
    if (this.contextLines === 0) return;
    const newline = event.text.indexOf('\n');
    const firstLine = newline === -1 ? event.text : event.text.slice(0, newline);
    this.recent.push(firstLine.length > 500 ? firstLine.slice(0, 500) : firstLine);
    if (this.recent.length > this.contextLines) this.recent.shift();
  }
}
