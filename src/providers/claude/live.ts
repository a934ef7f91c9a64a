import type { Writable } from 'node:stream';
import type { TapListener } from './stream-tap.js';

/** The terminal side of a streamed answer: a spinner while waiting, then titles and explanations as they arrive. */
export interface LiveView extends TapListener {
  finish(): void;
}

// Streamed model text is shown raw on a terminal: strip escapes so an answer cannot drive the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** Starts a spinner on `stream` (ora is loaded only here, so non-terminal runs never pay for it). */
export async function startLiveView(stream: Writable, label: string): Promise<LiveView> {
  // A pseudo-terminal can report 0 columns; ora then never finishes clearing its line, so no spinner there.
  const columns = (stream as { columns?: number }).columns ?? 80;
  const ora = columns > 0 ? (await import('ora')).default : undefined;
  const spinner = ora?.({ text: label, stream: stream as NodeJS.WritableStream, discardStdin: false }).start();
  let spinning = spinner !== undefined;
  let wrote = false;
  const stop = () => {
    if (spinning) spinner?.stop();
    spinning = false;
  };
  return {
    start(field) {
      stop();
      stream.write(field === 'title' ? `${wrote ? '\n' : ''}▸ ` : '\n  ');
      wrote = true;
    },
    text(_field, text) {
      stream.write(text.replace(CONTROL, ' '));
    },
    finish() {
      stop();
      if (wrote) stream.write('\n\n');
      wrote = false;
    },
  };
}
