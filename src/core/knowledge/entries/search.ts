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
  {
    id: 'elasticsearch.index-missing',
    category: 'config.missing',
    severity: 'high',
    confidence: 0.75,
    priority: PRIORITY.exact - 5,
    title: 'Elasticsearch index does not exist',
    rootCause: 'The request named an index or alias that does not exist on this cluster: a wrong name for this environment, or an index not created yet.',
    remediation: [
      'Compare the index/alias name in the configuration with `GET _cat/indices` / `GET _cat/aliases` on this cluster.',
      'Create the index (with its mapping) or the alias during deployment, before the application uses it.',
    ],
    match: ['index_not_found_exception', 'IndexNotFoundException', /\bno such index \[/],
  },
  {
    id: 'elasticsearch.query',
    category: 'database.query',
    severity: 'medium',
    confidence: 0.7,
    priority: PRIORITY.exact - 5,
    title: 'Elasticsearch rejected the query or document',
    rootCause: 'The cluster ran the search or indexing request and rejected it: invalid query syntax, a value that does not fit the mapping, or a failing script.',
    remediation: [
      'Read the `reason` / `caused_by` in the response: it names the field and value.',
      'Check the field types in the index mapping (`GET <index>/_mapping`) against the values sent.',
      'Validate user input before it reaches a query (`query_string` syntax, numeric fields).',
    ],
    match: ['search_phase_execution_exception', 'mapper_parsing_exception', 'document_parsing_exception', 'parsing_exception', 'script_exception', 'version_conflict_engine_exception'],
  },
];
