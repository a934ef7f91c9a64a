import { type AnalysisResult, type AnalyzerOptions, LogAnalyzer } from '../core/analyze.js';
import type { Incident } from '../core/incident.js';
import { buildReport, offlineDiagnosis, redactIncident, type Report } from '../core/report.js';
import type { CloudsentryError } from '../errors.js';
import type { Provider, Usage } from '../providers/provider.js';

/**
 * The one pipeline behind every front door (`diagnose`, `watch`, `run`, the Lambda agent):
 * an event source feeds the analyzer, incidents are diagnosed by a provider, the report goes to sinks.
 * Each door only chooses its source, its provider settings and its sinks.
 */

/** Feeds a log into the analyzer (lines of files, CloudWatch records, a command's output); resolves with the source's own stats. */
export type EventSource<Stats = void> = (analyzer: LogAnalyzer) => Promise<Stats>;

/** A diagnosed run: what every sink receives. */
export interface DiagnosedRun {
  /** Redacted and ranked: the only form that is shown by default or sent anywhere. */
  report: Report;
  /** The incidents as read, unredacted, for a local `--no-redact` view only. */
  raw: Incident[];
  /** Tokens and money, when a paid provider ran. */
  usage?: Usage;
  /** The fault that made some incidents fall back to the offline diagnosis; its exitCode is the run's. */
  fault?: CloudsentryError;
}

/** Where a diagnosed run goes: a printer, Slack, a step summary… */
export interface ReportSink {
  readonly name: string;
  emit(run: DiagnosedRun): Promise<void> | void;
}

/** How a run is diagnosed and where it goes. */
export interface PipelineOptions {
  analyzer?: AnalyzerOptions;
  /** Called only when there is something to diagnose, so runs without errors never load an LLM SDK. */
  provider: () => Promise<Provider>;
  sinks: readonly ReportSink[];
  signal?: AbortSignal;
}

/** Runs source → incidents → diagnoses → sinks; returns the run and the source's stats. */
export async function runPipeline<Stats>(source: EventSource<Stats>, options: PipelineOptions): Promise<{ run: DiagnosedRun; stats: Stats }> {
  const analyzer = new LogAnalyzer(options.analyzer);
  const stats = await source(analyzer);
  const run = await diagnoseAnalysis(analyzer.end(), options.provider, options.signal);
  await emitToSinks(run, options.sinks);
  return { run, stats };
}

/**
 * Redacts every incident, computes its offline diagnosis, and asks the provider: the provider only ever
 * sees redacted text, and falls back to the offline answer on any fault.
 */
export async function diagnoseAnalysis(analysis: AnalysisResult, provider: () => Promise<Provider>, signal?: AbortSignal): Promise<DiagnosedRun> {
  const { incidents, summary } = analysis;
  if (incidents.length === 0) return { report: { incidents: [], summary }, raw: [] };
  const safeIncidents = incidents.map(redactIncident);
  const requests = safeIncidents.map((incident) => ({ incident, offline: offlineDiagnosis(incident) }));
  const diagnoser = await provider();
  const diagnoses = await diagnoser.diagnose(requests, signal ? { signal } : {});
  const providerReport = diagnoser.report?.();
  return {
    report: buildReport(safeIncidents, diagnoses, summary),
    raw: incidents,
    ...(providerReport ? { usage: providerReport.usage } : {}),
    ...(providerReport?.fault ? { fault: providerReport.fault } : {}),
  };
}

/**
 * Hands the run to every sink in order. One sink failing (a closed stdout, Slack down) never keeps
 * the others from running; the first failure is rethrown once all have had their turn.
 */
export async function emitToSinks(run: DiagnosedRun, sinks: readonly ReportSink[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const sink of sinks) {
    try {
      await sink.emit(run);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
