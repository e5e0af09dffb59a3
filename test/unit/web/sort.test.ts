import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../../../web/src/sort.ts';

interface Row {
  name: string;
  share?: number;
}
const rows: Row[] = [
  { name: 'Đà Nẵng', share: 40 },
  { name: 'Cà Mau', share: 40 },
  { name: 'Huế' },
  { name: 'An Giang', share: 90 },
  { name: 'Bắc Ninh', share: 5 },
];
const value = (r: Row, column: string) => (column === 'name' ? r.name : r.share);
const names = (sorted: Row[]) => sorted.map((r) => r.name);

describe('sorting the tables', () => {
  it('puts the least complete first, ties by Vietnamese name, nothing-expected last', () => {
    expect(names(sortRows(rows, value, { column: 'share', direction: 'ascending' }, (r) => r.name))).toEqual([
      'Bắc Ninh',
      'Cà Mau',
      'Đà Nẵng',
      'An Giang',
      'Huế',
    ]);
  });

  it('keeps rows without a value last when turned around too', () => {
    expect(names(sortRows(rows, value, { column: 'share', direction: 'descending' }, (r) => r.name))).toEqual(
      ['An Giang', 'Cà Mau', 'Đà Nẵng', 'Bắc Ninh', 'Huế'],
    );
  });

  it('orders names as Vietnamese does: Cà Mau before Đà Nẵng before Huế', () => {
    expect(names(sortRows(rows, value, { column: 'name', direction: 'ascending' }, (r) => r.name))).toEqual([
      'An Giang',
      'Bắc Ninh',
      'Cà Mau',
      'Đà Nẵng',
      'Huế',
    ]);
  });

  it('orders numbered units by their number, not their text', () => {
    const units = ['Đơn vị bầu cử số 10', 'Đơn vị bầu cử số 2', 'Đơn vị bầu cử số 1'].map((name) => ({
      name,
    }));
    expect(names(sortRows(units, value, { column: 'name', direction: 'ascending' }, (r) => r.name))).toEqual([
      'Đơn vị bầu cử số 1',
      'Đơn vị bầu cử số 2',
      'Đơn vị bầu cử số 10',
    ]);
  });

  it('does not reorder the rows it was given', () => {
    const before = names(rows);
    sortRows(rows, value, { column: 'name', direction: 'descending' }, (r) => r.name);
    expect(names(rows)).toEqual(before);
  });

  it('turns a column around on a second click and starts another in its own direction', () => {
    const asc = { column: 'share', direction: 'ascending' } as const;
    expect(nextSort(asc, 'share')).toEqual({ column: 'share', direction: 'descending' });
    expect(nextSort(nextSort(asc, 'share'), 'share')).toEqual(asc);
    expect(nextSort(asc, 'incidents', 'descending')).toEqual({
      column: 'incidents',
      direction: 'descending',
    });
  });
});
