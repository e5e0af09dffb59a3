import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type Direction, nextSort, type SortState, type SortValue, sortRows } from '../sort.ts';

export interface Column<T> {
  readonly id: string;
  readonly label: string;
  readonly value: (row: T) => SortValue;
  readonly cell: (row: T) => ComponentChildren;
  readonly numeric?: boolean;
  /** The direction of a first click: least complete first for shares, A–Z for names. */
  readonly firstDirection?: Direction;
}

/**
 * A box that scrolls a wide table sideways on a phone. It takes focus so that a keyboard can
 * scroll it too (WCAG 2.1.1), and is a region named by the table's caption.
 */
export function ScrollBox({ labelledBy, children }: { labelledBy: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section class="table-scroll" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}

const DIRECTION_LABEL: Record<Direction, string> = { ascending: 'tăng dần', descending: 'giảm dần' };

/**
 * The accessible carrier of every number on the page: a real table with a caption, column headers
 * that are buttons, and aria-sort on the sorted one. It scrolls inside its own box on a phone.
 */
export function SortableTable<T>({
  id,
  caption,
  rows,
  columns,
  initial,
  nameOf,
  keyOf,
  empty,
}: {
  id: string;
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  initial: SortState;
  nameOf: (row: T) => string;
  keyOf: (row: T) => string;
  empty: string;
}) {
  const [sort, setSort] = useState(initial);
  const column = columns.find((c) => c.id === sort.column) ?? columns[0];
  const sorted = sortRows(
    rows,
    (row, colId) => columns.find((c) => c.id === colId)?.value(row),
    sort,
    nameOf,
  );
  const captionId = `${id}-caption`;
  return (
    <ScrollBox labelledBy={captionId}>
      <table id={id}>
        <caption id={captionId}>
          {caption}
          <span class="sort-note">
            {' '}
            — xếp theo “{column?.label}”, {DIRECTION_LABEL[sort.direction]}
          </span>
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                class={c.numeric ? 'num' : undefined}
                aria-sort={c.id === sort.column ? sort.direction : undefined}
              >
                <button type="button" onClick={() => setSort(nextSort(sort, c.id, c.firstDirection))}>
                  {c.label}
                  <span class="arrow" aria-hidden="true">
                    {c.id === sort.column ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {empty}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={keyOf(row)}>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th key={c.id} scope="row">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.id} class={c.numeric ? 'num' : undefined}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </ScrollBox>
  );
}
