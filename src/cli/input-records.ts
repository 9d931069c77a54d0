import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/** One input record to score, or why a line could not be read (with its line number). */
export type InputRecord = { line: number; id?: string; text: string } | { line: number; problem: string };

/** Column names of the input. */
export interface InputColumns {
  textColumn: string;
  idColumn: string;
}

/**
 * The records of a JSONL or CSV stream, one at a time (pulled: the stream is read only as fast as
 * records are taken, so memory stays flat on any size). JSONL: one JSON object per line; CSV: a
 * header row (papaparse, streaming). Lines count from 1 (a CSV's header is line 1).
 */
export async function* inputRecords(stream: Readable, format: 'jsonl' | 'csv', columns: InputColumns): AsyncGenerator<InputRecord> {
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, problem: `not JSON (${(error as Error).message})` };
        continue;
      }
      yield recordOf(line, value, columns);
    }
    return;
  }
  yield* csvRows(stream, columns);
}

/** Rows of a CSV stream held before the stream is paused (papaparse parses what it has been given, then waits). */
const CSV_QUEUE = 1024;

/** The records of a CSV stream, streamed through papaparse (the stream paused while the taker is behind). */
async function* csvRows(stream: Readable, columns: InputColumns): AsyncGenerator<InputRecord> {
  const queue: (Record<string, string> | Error)[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  Papa.parse<Record<string, string>>(stream as unknown as File, {
    header: true,
    skipEmptyLines: 'greedy',
    step: (results) => {
      if (results.errors.length) queue.push(new Error(results.errors[0].message));
      else queue.push(results.data);
      if (queue.length >= CSV_QUEUE && !stream.isPaused()) stream.pause();
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (error: Error) => {
      queue.push(error);
      finished = true;
      notify();
    },
  });
  let line = 1;
  for (;;) {
    if (queue.length === 0) {
      if (finished) return;
      if (stream.isPaused()) stream.resume();
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const row = queue.shift()!;
    line++;
    yield row instanceof Error ? { line, problem: `CSV: ${row.message}` } : recordOf(line, row, columns);
  }
}

function recordOf(line: number, value: unknown, { textColumn, idColumn }: InputColumns): InputRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, problem: 'a line must hold one JSON object' };
  const row = value as Record<string, unknown>;
  const text = row[textColumn];
  if (typeof text !== 'string') return { line, problem: `"${textColumn}" must be a string (got ${text === undefined ? 'nothing' : JSON.stringify(text).slice(0, 40)})` };
  const id = row[idColumn];
  return id === undefined || id === null || id === '' ? { line, text } : { line, id: String(id), text };
}
