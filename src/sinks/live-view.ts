import { Chalk, type ChalkInstance } from 'chalk';
import type { DiagnosedIncident, RunSummary } from '../core/incident.js';
import { rankIncidents } from '../core/report.js';
import { toJsonDocument } from './json.js';
import type { OutputFormat, TextOut } from './printer.js';
import { safe } from './terminal.js';

/** How `watch --follow` shows incidents while they happen. */
export interface LiveView {
  /** Incidents that just appeared (`new`) or whose counts grew (`updated`). */
  incidents(incidents: readonly DiagnosedIncident[], status: 'new' | 'updated', summary: RunSummary): void;
  /** A one-line message about the follow itself (sampling, fallback to polling, reconnects). */
  notice(text: string): void;
  /** The current state in one line (terminal view only). */
  status(text: string): void;
  close(): void;
}

export interface LiveViewOptions {
  out: TextOut;
  err: TextOut;
  format: OutputFormat;
  color: boolean;
  /** A terminal: redraw a compact table in place instead of appending lines. */
  tty: boolean;
  now: () => number;
}

/** Rows of the compact terminal table; the rest are counted. */
const MAX_ROWS = 15;
/** A non-terminal text view repeats an incident's growing count at most this often. */
const UPDATE_EVERY_MS = 10_000;

/**
 * One JSON line per new or updated incident with --json (the incident object of the `--json` schema, plus
 * `type` and `status`); a compact table redrawn in place on a terminal; otherwise one line per new incident
 * and occasional count updates.
 */
export function createLiveView(options: LiveViewOptions): LiveView {
  const err = options.err;
  if (options.format === 'json') return jsonView(options.out, err);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return options.tty ? tableView(options.out, c) : lineView(options.out, err, c, options.now);
}

function jsonView(out: TextOut, err: TextOut): LiveView {
  return {
    incidents(incidents, status, summary) {
      const doc = toJsonDocument({ incidents: [...incidents], summary }) as { incidents: unknown[] };
      for (const incident of doc.incidents) out.write(`${JSON.stringify({ type: 'incident', status, incident })}\n`);
    },
    notice: (text) => void err.write(`cloudsentry: ${text}\n`),
    status: () => {},
    close: () => {},
  };
}

function lineView(out: TextOut, err: TextOut, c: ChalkInstance, now: () => number): LiveView {
  const lastShown = new Map<string, number>();
  return {
    incidents(incidents, status) {
      for (const incident of incidents) {
        const at = now();
        if (status === 'updated' && at - (lastShown.get(incident.fingerprint) ?? 0) < UPDATE_EVERY_MS) continue;
        lastShown.set(incident.fingerprint, at);
        out.write(`${status === 'new' ? c.bold('new    ') : 'updated'} ${row(incident, c)}\n`);
      }
    },
    notice: (text) => void err.write(`cloudsentry: ${text}\n`),
    status: () => {},
    close: () => {},
  };
}

function tableView(out: TextOut, c: ChalkInstance): LiveView {
  const shown = new Map<string, DiagnosedIncident>();
  const notices: string[] = [];
  let statusText = '';
  let drawn = 0;
  const redraw = (): void => {
    const ranked = rankIncidents([...shown.values()]);
    const lines = [c.bold(statusText), ...ranked.slice(0, MAX_ROWS).map((incident) => `  ${row(incident, c)}`)];
    if (ranked.length > MAX_ROWS) lines.push(c.dim(`  … ${ranked.length - MAX_ROWS} more incident(s)`));
    lines.push(...notices.map((text) => c.yellow(`  ${text}`)));
    // Move up over the previous drawing and clear it, then draw again.
    out.write(`${drawn > 0 ? `\u001b[${drawn}A\u001b[0J` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  return {
    incidents(incidents) {
      for (const incident of incidents) shown.set(incident.fingerprint, incident);
      redraw();
    },
    notice(text) {
      notices.push(safe(text));
      if (notices.length > 3) notices.shift();
      redraw();
    },
    status(text) {
      if (text === statusText) return;
      statusText = text;
      redraw();
    },
    close: () => void out.write('\n'),
  };
}

function row(incident: DiagnosedIncident, c: ChalkInstance): string {
  const d = incident.diagnosis;
  const last = incident.lastSeen !== undefined ? c.dim(`  last ${new Date(incident.lastSeen).toISOString().slice(11, 19)}Z`) : '';
  return `[${d.severity.toUpperCase()}] ${safe(d.title)}  ${c.bold(`×${incident.count}`)}${last}  ${c.dim(safe(incident.sources.join(', ')))}`;
}
