import { gzipSync } from 'node:zlib';

/** One log event as CloudWatch Logs delivers it. */
export interface TestLogEvent {
  id?: string;
  timestamp: number;
  message: string;
}

export const OWNER = '123456789012';
export const T0 = Date.UTC(2026, 11, 3, 16, 0, 0);

/** A real subscription event: JSON → gzip → base64 in `awslogs.data`, exactly as Lambda receives it. */
export function subscriptionEvent(logGroup: string, logStream: string, events: TestLogEvent[], messageType = 'DATA_MESSAGE'): { awslogs: { data: string } } {
  const payload = {
    messageType,
    owner: messageType === 'CONTROL_MESSAGE' ? 'CloudwatchLogs' : OWNER,
    logGroup: messageType === 'CONTROL_MESSAGE' ? '' : logGroup,
    logStream: messageType === 'CONTROL_MESSAGE' ? '' : logStream,
    subscriptionFilters: messageType === 'CONTROL_MESSAGE' ? [] : ['cloudsentry'],
    logEvents: events.map((event, i) => ({ id: event.id ?? `3${String(event.timestamp).padStart(20, '0')}${String(i).padStart(15, '0')}`, timestamp: event.timestamp, message: event.message })),
  };
  return encode(JSON.stringify(payload));
}

/** Any bytes, gzipped and base64-encoded as `awslogs.data`. */
export function encode(json: string): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(Buffer.from(json, 'utf8')).toString('base64') } };
}

/** The CONTROL_MESSAGE CloudWatch Logs sends to check it can reach the function. */
export function controlEvent(): { awslogs: { data: string } } {
  return subscriptionEvent('', '', [{ timestamp: T0, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }], 'CONTROL_MESSAGE');
}

/** Lambda-style lines of a Node service failing to reach its database, `n` times. */
export function databaseRefused(n: number, start = T0): TestLogEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: start + i * 100,
    message: `${new Date(start + i * 100).toISOString()}\t8f5e1c2a-${String(i).padStart(4, '0')}-4e7b-9c1d-2f3a4b5c6d7e\tERROR\tError: connect ECONNREFUSED 10.0.3.17:5432\n`,
  }));
}

/** A Java stack trace split across several events, as a line-oriented agent ships it. */
export function splitStackTrace(start = T0): TestLogEvent[] {
  const lines = [
    `${new Date(start).toISOString().replace('T', ' ').slice(0, 23)} ERROR [main] c.e.payments.PaymentService - Payment failed for order 81723`,
    'java.lang.NullPointerException: Cannot invoke "com.example.payments.Card.getToken()" because "card" is null',
    '\tat com.example.payments.PaymentService.charge(PaymentService.java:142)',
    '\tat com.example.payments.PaymentController.pay(PaymentController.java:57)',
    '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
  ];
  return lines.map((message, i) => ({ timestamp: start + i, message }));
}

/** A batch of `count` events of mixed INFO lines and a few recurring errors, about `bytes` of JSON in total. */
export function bigBatch(count: number, start = T0): TestLogEvent[] {
  const events: TestLogEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 10).toISOString();
    const message =
      i % 50 === 0
        ? `${at} ERROR [worker-${i % 7}] Timeout after 30000ms waiting for connection from pool orders-db (active=${i % 20}, idle=0)`
        : i % 97 === 0
          ? `${at} ERROR [http-${i % 5}] Upstream inventory-service returned 503 Service Unavailable for GET /v1/stock/${i}`
          : `${at} INFO [http-${i % 5}] GET /v1/orders/${i} 200 ${i % 300}ms user=u${i % 1000} trace=${(i * 7919).toString(16).padStart(8, '0')}`;
    events.push({ timestamp: start + i * 10, message });
  }
  return events;
}
