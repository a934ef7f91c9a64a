import type { Diagnosis } from '../core/diagnosis.js';
import { EXIT, type ExitCode } from '../errors.js';
import { formatUsd } from './money.js';
import type { DiagnosisRequest, Usage } from './provider.js';
import { type ProviderSelection, selectProvider } from './select.js';

/** What the diagnose step produced: one diagnosis per request, what it cost, and the exit code its faults call for. */
export interface DiagnoseOutcome {
  diagnoses: Diagnosis[];
  /** Extra `summary` fields for `--json`: `usage` when a paid provider ran. */
  summaryExtras: { usage?: Usage };
  exitCode: ExitCode;
}

/**
 * Picks the provider and diagnoses every request. Faults never lose a diagnosis: the provider
 * falls back to the offline one; only rejected credentials turn the exit code to 1.
 */
export async function diagnoseIncidents(requests: DiagnosisRequest[], selection: ProviderSelection): Promise<DiagnoseOutcome> {
  const provider = await selectProvider(selection);
  const diagnoses = await provider.diagnose(requests);
  const report = provider.report?.();
  if (!report) return { diagnoses, summaryExtras: {}, exitCode: EXIT.ok };
  selection.ctx.stderr.write(`${formatUsage(report.usage)}\n`);
  return { diagnoses, summaryExtras: { usage: report.usage }, exitCode: report.fault?.exitCode ?? EXIT.ok };
}

/** The one stderr line about tokens and money, e.g. "cloudsentry: claude-haiku-5-5: 1 request, 2,345 tokens in, 512 out, ≈ $0.0005". */
export function formatUsage(usage: Usage): string {
  const cost = usage.costUsd === null ? 'cost unknown (no price for this model; see CLOUDSENTRY_PRICES)' : `≈ ${formatUsd(usage.costUsd)}`;
  const cached = usage.cached > 0 ? `, ${usage.cached} from cache` : '';
  const n = (value: number) => value.toLocaleString('en-US');
  return `cloudsentry: ${usage.model}: ${n(usage.requests)} request${usage.requests === 1 ? '' : 's'}, ${n(usage.inputTokens)} tokens in, ${n(usage.outputTokens)} out, ${cost}${cached}`;
}
