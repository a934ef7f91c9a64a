/**
 * Redaction: every string that leaves the process (LLM prompts, Slack messages,
 * Lambda output, printed samples) goes through `redactText` or `redact` first.
 */
export {
  type LineRedactor,
  type RedactionResult,
  addCounts,
  createLineRedactor,
  redact,
  redactDeep,
  redactText,
} from './redact.js';
export { REDACTION_KINDS, type RedactionCounts, type RedactionKind, redactionMarker } from './kinds.js';
export { classifyKey } from './keys.js';
export { redactThenCut } from './cut.js';
export { luhnValid } from './personal.js';
