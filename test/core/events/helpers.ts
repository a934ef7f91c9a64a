import { readFileSync } from 'node:fs';
import { EventAssembler, type EventAssemblerOptions } from '../../../src/core/events/assembler.js';
import type { LogEvent } from '../../../src/core/events.js';

/** Runs text (split on "\n") through a fresh assembler and returns every event. */
export function assemble(text: string, options?: EventAssemblerOptions): LogEvent[] {
  const events: LogEvent[] = [];
  const assembler = new EventAssembler((event) => events.push(event), options);
  for (const line of text.split('\n')) assembler.push(line);
  assembler.end();
  return events;
}

/** The one event a single line produces. */
export function single(line: string, options?: EventAssemblerOptions): LogEvent {
  const events = assemble(line, options);
  if (events.length !== 1 || events[0] === undefined) throw new Error(`expected one event, got ${events.length}`);
  return events[0];
}

/** A file under test/fixtures/events. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8');
}

/** Epoch ms of an ISO string, for readable expectations. */
export function ms(iso: string): number {
  return Date.parse(iso);
}
