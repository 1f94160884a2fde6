import { describe, expect, it } from 'vitest';
import { controlAfterKey, rowAfterKey, toggleRange } from './gridKeys';

describe('rowAfterKey', () => {
  it('moves one row with the arrows and stops at the ends', () => {
    expect(rowAfterKey('ArrowDown', 0, 3)).toBe(1);
    expect(rowAfterKey('ArrowDown', 2, 3)).toBe(2);
    expect(rowAfterKey('ArrowUp', 0, 3)).toBe(0);
    expect(rowAfterKey('ArrowUp', 2, 3)).toBe(1);
  });
  it('jumps a page of rows and to the first and last row', () => {
    expect(rowAfterKey('PageDown', 0, 25)).toBe(10);
    expect(rowAfterKey('PageDown', 20, 25)).toBe(24);
    expect(rowAfterKey('PageUp', 5, 25)).toBe(0);
    expect(rowAfterKey('Home', 7, 25)).toBe(0);
    expect(rowAfterKey('End', 7, 25)).toBe(24);
  });
  it('leaves other keys and empty grids to the browser', () => {
    expect(rowAfterKey('Tab', 0, 3)).toBeNull();
    expect(rowAfterKey('a', 0, 3)).toBeNull();
    expect(rowAfterKey('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('controlAfterKey', () => {
  it('walks the row controls from the row itself and back', () => {
    expect(controlAfterKey('ArrowRight', -1, 2)).toBe(0);
    expect(controlAfterKey('ArrowRight', 0, 2)).toBe(1);
    expect(controlAfterKey('ArrowRight', 1, 2)).toBe(1);
    expect(controlAfterKey('ArrowLeft', 1, 2)).toBe(0);
    expect(controlAfterKey('ArrowLeft', 0, 2)).toBe(-1);
    expect(controlAfterKey('ArrowLeft', -1, 2)).toBe(-1);
  });
  it('ignores other keys', () => {
    expect(controlAfterKey('ArrowDown', 0, 2)).toBeNull();
  });
});

describe('toggleRange', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  it('selects every row from the anchor to the target, in either direction', () => {
    expect([...toggleRange(keys, new Set(['b']), 'b', 'd')].sort()).toEqual(['b', 'c', 'd']);
    expect([...toggleRange(keys, new Set(['d']), 'd', 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clears the range when the target was selected', () => {
    expect([...toggleRange(keys, new Set(['a', 'b', 'c', 'd']), 'a', 'c')]).toEqual(['d']);
  });
  it('keeps selected rows outside the range', () => {
    expect([...toggleRange(keys, new Set(['e', 'a']), 'a', 'b')].sort()).toEqual(['a', 'b', 'e']);
  });
  it('toggles the target alone without an anchor on this page', () => {
    expect([...toggleRange(keys, new Set(), null, 'c')]).toEqual(['c']);
    expect([...toggleRange(keys, new Set(['a']), 'gone', 'c')].sort()).toEqual(['a', 'c']);
  });
  it('does not change the selection it was given', () => {
    const before = new Set(['a']);
    toggleRange(keys, before, 'a', 'c');
    expect([...before]).toEqual(['a']);
  });
});
