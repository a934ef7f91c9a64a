import { PRIORITY, type KnowledgeEntry } from '../types.js';

/** Elasticsearch / OpenSearch server errors as their clients report them. */
export const searchEntries: KnowledgeEntry[] = [
  {
    id: 'elasticsearch.circuit-breaker',
    category: 'resource.memory',
    severity: 'high',
    confidence: 0.85,
    priority: PRIORITY.exact + 5,
    title: 'Elasticsearch memory circuit breaker tripped',
    rootCause: 'The request would have pushed the node’s JVM heap over a circuit-breaker limit ("Data too large"), so Elasticsearch rejected it.',
    remediation: [
      'Check heap usage of the data nodes (`GET _nodes/stats/breaker`, `_cat/nodes?h=heap.percent`).',
      'Reduce the request size (smaller bulk batches, fewer aggregation buckets, no huge `size`).',
      'Give the nodes more heap or add nodes if usage is legitimately high.',
    ],
    match: ['circuit_breaking_exception', 'CircuitBreakingException', /\bData too large, data for \[/],
  },
  {
    id: 'elasticsearch.rejected',
    category: 'resource.throttling',
    severity: 'medium',
    confidence: 0.8,
    priority: PRIORITY.exact,
    title: 'Elasticsearch rejected the request (queue full)',
    rootCause: 'The node’s thread-pool queue or indexing-pressure limit is full, so it rejected the request with 429.',
    remediation: [
      'Retry with exponential backoff (bulk clients: honour 429 per item).',
      'Lower bulk concurrency and batch size; spread indexing over time.',
      'Check for hot shards or overloaded nodes and scale if the load is legitimate.',
    ],
    match: ['es_rejected_execution_exception', 'EsRejectedExecutionException', /\brejected execution of (?:coordinating|primary|replica)\b/],
  },
];
