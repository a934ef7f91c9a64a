import { redactText } from '../core/redact/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The agent's own log: one JSON object per line (CloudWatch Logs Insights reads the fields). */
export interface AgentLog {
  write(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** Values that must never appear in a log line (the secret's contents), masked wherever they occur. */
  forget(...secrets: (string | undefined)[]): void;
  /** The same masking, for text that leaves by another way (the handler's result). */
  scrub(text: string): string;
}

/**
 * Every line goes through the redactor, and known secret values are masked in the serialized line itself,
 * in plain and JSON-escaped form, so no field (an error's message, a URL) can carry one out.
 */
export function createAgentLog(out: (line: string) => void): AgentLog {
  const secrets = new Set<string>();
  const scrub = (text: string): string => {
    let result = text;
    for (const secret of secrets) {
      for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) result = result.split(form).join('***');
    }
    return result;
  };
  return {
    write(level, message, fields = {}) {
      const line = JSON.stringify({ level, message: redactText(message), ...fields }, (_key, value: unknown) =>
        typeof value === 'string' ? redactText(value) : value,
      );
      out(scrub(line));
    },
    forget(...values) {
      // Short values would mask ordinary words; secrets are never this short.
      for (const value of values) if (value && value.length >= 8) secrets.add(value);
    },
    scrub,
  };
}
