export { fnv1a64, patternId } from './hash.js';
export { BINARY, LineMasker, VAR, type MaskedLine } from './mask.js';
export { createMinerMatcher, type MinerMatcher } from './matcher.js';
export { PatternMiner, similarity, type PatternMatch, type PatternMinerOptions, type PatternStats } from './miner.js';
export { isPlainWord } from './words.js';
