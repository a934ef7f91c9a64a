export { createCallCap, type CallCap } from './call-cap.js';
export { createDynamoDiagnosisStore } from './cache.js';
export {
  createSuppressionStore,
  type Claim,
  type FollowUpClaim,
  type NewClaim,
  type Sighting,
  type SuppressionStore,
  type Suppressed,
  type Verdict,
} from './suppression.js';
export { isTransientStateError, type StateTable } from './table.js';
