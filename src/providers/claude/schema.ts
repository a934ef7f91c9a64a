import { z } from 'zod';
import type { Diagnosis } from '../../core/diagnosis.js';
import { CATEGORIES, CATEGORY_IDS, SEVERITIES, type Category } from '../../core/taxonomy.js';

/** Name of the forced tool through which Claude hands back its diagnoses. */
export const TOOL_NAME = 'record_diagnoses';

// Answers are shown in a terminal and posted to Slack: control characters (ANSI escapes) never pass.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const text = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(CONTROL, '').trim())
    .pipe(z.string().min(1).max(max));

/** One diagnosis as Claude must return it; zod is the judge, whatever the JSON schema promised. */
export const answerItemSchema = z.object({
  id: z.string(),
  category: z.enum(CATEGORY_IDS as [Category, ...Category[]]),
  severity: z.enum(SEVERITIES),
  title: text(160),
  rootCause: text(1500),
  remediation: z.array(text(400)).min(2).max(5),
  confidence: z.number().min(0).max(1),
  evidence: text(600),
});

export type AnswerItem = z.infer<typeof answerItemSchema>;

/** The whole answer: one item per incident id of the request. */
export const answerSchema = z.object({ diagnoses: z.array(z.unknown()) });

/**
 * JSON Schema of the answer, for the forced tool's `input_schema` and for `output_config.format`.
 * Written by hand: structured outputs need `additionalProperties: false` everywhere and ignore
 * numeric and length constraints, which zod still checks afterwards.
 */
export const ANSWER_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['diagnoses'],
  properties: {
    diagnoses: {
      type: 'array',
      description: 'Exactly one entry per incident, in the order given.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'rootCause', 'category', 'severity', 'remediation', 'confidence', 'evidence'],
        properties: {
          id: { type: 'string', description: 'The id attribute of the incident, e.g. "i1".' },
          title: { type: 'string', description: 'What broke, in under 12 words.' },
          rootCause: { type: 'string', description: 'Why it broke, in 1 to 3 sentences, for an on-call engineer.' },
          category: {
            type: 'string',
            enum: CATEGORY_IDS,
            description: Object.entries(CATEGORIES)
              .map(([id, meaning]) => `${id}: ${meaning}`)
              .join('; '),
          },
          severity: { type: 'string', enum: [...SEVERITIES] },
          remediation: {
            type: 'array',
            description: '2 to 5 concrete next steps, most useful first.',
            items: { type: 'string' },
          },
          confidence: { type: 'number', description: 'From 0 to 1.' },
          evidence: { type: 'string', description: 'The log line (copied from the incident) that decided the diagnosis.' },
        },
      },
    },
  },
} as const;

/** Result of checking an answer: valid diagnoses by incident id, and what was wrong with the rest. */
export interface ParsedAnswer {
  valid: Map<string, Diagnosis>;
  problems: string[];
}

/** Validates a raw answer (tool input or JSON text) against the ids that were asked about. */
export function parseAnswer(raw: unknown, ids: readonly string[]): ParsedAnswer {
  const valid = new Map<string, Diagnosis>();
  const problems: string[] = [];
  const value = typeof raw === 'string' ? parseJson(raw) : raw;
  const top = answerSchema.safeParse(value);
  if (!top.success) return { valid, problems: ['the answer is not a {"diagnoses": [...]} object'] };
  for (const item of top.data.diagnoses) {
    const parsed = answerItemSchema.safeParse(item);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'item')))];
      problems.push(`${idOf(item)}: invalid ${fields.join(', ')}`);
      continue;
    }
    const { id, ...diagnosis } = parsed.data;
    if (!ids.includes(id) || valid.has(id)) continue;
    valid.set(id, { ...diagnosis, engine: 'claude' });
  }
  for (const id of ids) if (!valid.has(id) && !problems.some((p) => p.startsWith(`${id}:`))) problems.push(`${id}: missing`);
  return { valid, problems };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The item's id for a warning, only when it looks like one of ours: model text never reaches the terminal raw. */
function idOf(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' && /^i\d{1,4}$/.test(id) ? id : '?';
}
