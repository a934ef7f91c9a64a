import type { Diagnosis } from '../core/diagnosis.js';
import type { DiagnosisRequest, Provider } from './provider.js';

/** The offline knowledge base as a provider: it returns the diagnosis computed for every request. */
export function createRulesProvider(): Provider {
  return {
    name: 'rules',
    async diagnose(requests: DiagnosisRequest[]): Promise<Diagnosis[]> {
      return requests.map((request) => request.offline);
    },
  };
}
