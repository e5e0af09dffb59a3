/** Sorting the tables: numbers by value, names by Vietnamese collation, blanks always last. */

export type Direction = 'ascending' | 'descending';
export interface SortState {
  readonly column: string;
  readonly direction: Direction;
}
export type SortValue = number | string | undefined;

const collator = new Intl.Collator('vi', { numeric: true });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/**
 * Rows ordered by one column; ties by name, so that the order is the same on every poll. A row
 * without a value (nothing expected yet) goes last whichever way the column is sorted.
 */
export function sortRows<T>(
  rows: readonly T[],
  columnValue: (row: T, column: string) => SortValue,
  state: SortState,
  nameOf: (row: T) => string,
): T[] {
  const sign = state.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = columnValue(x, state.column);
    const b = columnValue(y, state.column);
    if (a === undefined || b === undefined) {
      if (a !== b) return a === undefined ? 1 : -1;
    } else {
      const order =
        typeof a === 'number' && typeof b === 'number' ? a - b : compareNames(String(a), String(b));
      if (order !== 0) return sign * order;
    }
    return compareNames(nameOf(x), nameOf(y));
  });
}

/** A click on a column's header: the same column turns around, another starts in its own direction. */
export function nextSort(
  state: SortState,
  column: string,
  firstDirection: Direction = 'ascending',
): SortState {
  if (state.column !== column) return { column, direction: firstDirection };
  return { column, direction: state.direction === 'ascending' ? 'descending' : 'ascending' };
}
