import { crc32 } from 'node:zlib';

/**
 * AWS event-stream framing (application/vnd.amazon.eventstream), written independently of the SDK's decoder so the
 * fake tests it (platform-facts §3): 4-byte total length, 4-byte headers length, CRC32 of those 8 bytes, headers,
 * payload, CRC32 of everything before. Each header: 1-byte name length, name, type 7 (string), 2-byte length, value.
 */
export function encodeEventStreamFrame(headers: Record<string, string>, payload: string | Uint8Array): Buffer {
  const headerBytes = Buffer.concat(Object.entries(headers).map(([name, value]) => encodeStringHeader(name, value)));
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const total = 12 + headerBytes.length + body.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const message = Buffer.concat([prelude, headerBytes, body]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(message), 0);
  return Buffer.concat([message, trailer]);
}

/** An `event` frame of the given member (e.g. `sessionStart`), its fields as the JSON payload. */
export function eventFrame(eventType: string, fields: unknown): Buffer {
  return encodeEventStreamFrame(
    { ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' },
    JSON.stringify(fields),
  );
}

/** An `exception` frame (e.g. `SessionTimeoutException`), which the SDK throws from the stream iterator. */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeEventStreamFrame(
    { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' },
    JSON.stringify({ message }),
  );
}

function encodeStringHeader(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const valueBytes = Buffer.from(value, 'utf8');
  const out = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
  let offset = out.writeUInt8(nameBytes.length, 0);
  offset += nameBytes.copy(out, offset);
  offset = out.writeUInt8(7, offset);
  offset = out.writeUInt16BE(valueBytes.length, offset);
  valueBytes.copy(out, offset);
  return out;
}
