import type { KnowledgeEntry } from '../types.js';
import { awsEntries } from './aws.js';
import { genericEntries } from './generic.js';
import { goEntries } from './go.js';
import { httpEntries } from './http.js';
import { infrastructureEntries } from './infrastructure.js';
import { javaEntries } from './java.js';
import { kubernetesEntries } from './kubernetes.js';
import { lambdaEntries } from './lambda.js';
import { messagingEntries } from './messaging.js';
import { mongodbEntries } from './mongodb.js';
import { mysqlEntries } from './mysql.js';
import { networkEntries } from './network.js';
import { nginxEntries } from './nginx.js';
import { nodeEntries } from './node.js';
import { postgresEntries } from './postgres.js';
import { pythonEntries } from './python.js';
import { redisEntries } from './redis.js';
import { runtimeEntries } from './runtimes.js';
import { rustEntries } from './rust.js';
import { securityEntries } from './security.js';
import { searchEntries } from './search.js';
import { sqlEntries } from './sql.js';
import { systemEntries } from './system.js';

/** Every entry, grouped by technology; order only breaks exact score ties (earlier wins). */
export const ENTRIES_BY_TECH: Readonly<Record<string, readonly KnowledgeEntry[]>> = {
  security: securityEntries,
  infrastructure: infrastructureEntries,
  postgres: postgresEntries,
  mysql: mysqlEntries,
  redis: redisEntries,
  mongodb: mongodbEntries,
  sql: sqlEntries,
  lambda: lambdaEntries,
  aws: awsEntries,
  messaging: messagingEntries,
  search: searchEntries,
  kubernetes: kubernetesEntries,
  nginx: nginxEntries,
  node: nodeEntries,
  python: pythonEntries,
  java: javaEntries,
  go: goEntries,
  rust: rustEntries,
  runtimes: runtimeEntries,
  network: networkEntries,
  http: httpEntries,
  system: systemEntries,
  generic: genericEntries,
};

/** The whole knowledge base as one flat list. */
export const ENTRIES: readonly KnowledgeEntry[] = Object.values(ENTRIES_BY_TECH).flat();
