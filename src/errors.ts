/** One thing wrong with an input: where it is (record index, field, value) and why it was refused. */
export interface Problem {
  /** Index of the offending item in the array that was passed, when there is one. */
  index?: number;
  /** Imported files: the offending row (CSV: 1 is the first row after the header; JSONL: the line number). */
  row?: number;
  /** Name of the offending field or argument. */
  field?: string;
  /** The value that was refused. */
  value?: unknown;
  /** What was wrong, and what would have been accepted. */
  reason: string;
}

/** Base class of every error Sieve throws on purpose. */
export class SieveError extends Error {
  override name = 'SieveError';
}

/** An input was refused; nothing of the call that received it was written. */
export class ValidationError extends SieveError {
  override name = 'ValidationError';
  /** Every problem found (not just the first). */
  readonly problems: Problem[];

  constructor(context: string, problems: Problem[]) {
    const shown = problems.slice(0, 5).map(describeProblem).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    super(`${context}: ${shown}${more}`);
    this.problems = problems;
  }
}

/** A dataset, record, run or model that was asked for does not exist. */
export class NotFoundError extends SieveError {
  override name = 'NotFoundError';
}

/**
 * The browser's storage refused a read or a write: out of quota, the database closed or deleted by
 * another tab, a value it cannot store. Nothing of the failed call was written. `cause` holds the
 * browser's own error.
 */
export class StorageError extends SieveError {
  override name = 'StorageError';
}

/** What a user can delete when storage is full (in StorageError messages). */
export const MAKE_ROOM =
  'Make room: ws.storage() shows what takes it; delete runs or experiments for good ({ hard: true }), clear the embedding cache (ws.cache.clear()), or export and delete datasets you no longer need';

/** The storage error, with what to do, for an IndexedDB failure of `what` (e.g. "addRecords"). */
export function storageError(error: unknown, what: string): SieveError {
  if (error instanceof SieveError) return error;
  const name = (error as { name?: string })?.name ?? 'Error';
  const message = (error as { message?: string })?.message ?? String(error);
  if (name === 'QuotaExceededError') {
    return new StorageError(
      `${what}: the browser's storage for this site is full, so nothing of it was written. ${MAKE_ROOM}`,
      { cause: error },
    );
  }
  if (name === 'InvalidStateError' || name === 'TransactionInactiveError' || /connection is clos/i.test(message)) {
    return new StorageError(`${what}: the workspace's database was closed (another tab deleted or upgraded it, or the workspace was closed). Reload the page`, { cause: error });
  }
  if (name === 'DataCloneError') return new StorageError(`${what}: a value could not be stored (it is not plain data): ${message}`, { cause: error });
  return new StorageError(`${what} failed in IndexedDB (${name}: ${message})`, { cause: error });
}

/** A training run failed after it started; the run is stored with status FAILED. */
export class TrainingError extends SieveError {
  override name = 'TrainingError';
  constructor(
    message: string,
    /** Id of the run that failed. */
    readonly runId: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A training run was cancelled through its AbortSignal; the run is stored with status CANCELLED. */
export class TrainingCancelledError extends SieveError {
  override name = 'AbortError';
  constructor(
    /** Id of the cancelled run. */
    readonly runId: string,
    options?: ErrorOptions,
  ) {
    super(`Run ${runId} was cancelled`, options);
  }
}

function describeProblem(p: Problem): string {
  const where = [p.row !== undefined ? `row ${p.row}` : p.index !== undefined ? `record ${p.index}` : '', p.field ? `field "${p.field}"` : '']
    .filter(Boolean)
    .join(', ');
  const value = p.value === undefined ? '' : ` (got ${formatValue(p.value)})`;
  return `${where ? `${where}: ` : ''}${p.reason}${value}`;
}

function formatValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    // A null-prototype object, or one whose toString throws, still gets named.
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
