import { formatUsd } from './money.js';
import type { Usage } from './provider.js';

/** The one stderr line about tokens and money, e.g. "cloudsentry: claude-haiku-5-5: 1 request, 2,345 tokens in, 512 out, ≈ $0.0005". */
export function formatUsage(usage: Usage): string {
  const cost = usage.costUsd === null ? 'cost unknown (no price for this model; see CLOUDSENTRY_PRICES)' : `≈ ${formatUsd(usage.costUsd)}`;
  const cached = usage.cached > 0 ? `, ${usage.cached} from cache` : '';
  const n = (value: number) => value.toLocaleString('en-US');
  return `cloudsentry: ${usage.model}: ${n(usage.requests)} request${usage.requests === 1 ? '' : 's'}, ${n(usage.inputTokens)} tokens in, ${n(usage.outputTokens)} out, ${cost}${cached}`;
}
