import { PRIORITY, type KnowledgeEntry } from '../types.js';

const BUG_STEPS = [
  'Open the file and line named after `panicked at` and find which value was None/Err or out of range.',
  'Replace `unwrap()` / `expect()` on input-dependent values with proper error handling (`?`, `match`, `ok_or`).',
  'Add a test with the input that triggered it; run with `RUST_BACKTRACE=1` for the full backtrace.',
];

/** Rust panics: a bare panic is a bug unless the message carries a more specific cause. */
export const rustEntries: KnowledgeEntry[] = [
  {
    id: 'rust.unwrap-none',
    category: 'code.exception',
    severity: 'high',
    confidence: 0.8,
    priority: PRIORITY.generic,
    title: 'Rust panic: unwrap on None / index out of bounds',
    rootCause: 'The program called `unwrap()` on a `None`, indexed past the end of a collection, or hit another panic that signals a programming error.',
    remediation: BUG_STEPS,
    match: ['called `Option::unwrap()` on a `None` value', /\bindex out of bounds: the len is \d+ but the index is \d+/, 'attempt to subtract with overflow', 'attempt to add with overflow', 'attempt to multiply with overflow', 'attempt to divide by zero'],
  },
  {
    id: 'rust.panic',
    category: 'code.exception',
    severity: 'high',
    confidence: 0.55,
    priority: PRIORITY.hint,
    title: 'Rust thread panicked',
    rootCause: 'A Rust thread panicked; the message after `panicked at` says why.',
    remediation: BUG_STEPS,
    match: [/\bthread '[^'\n]{1,100}' panicked at\b/],
  },
];
