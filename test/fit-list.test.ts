import { describe, expect, it } from 'vitest';
import { charBudget, fitList, moreItems } from '../src/views/fit-list.js';

const more = (hidden: number) => `+${hidden}`;

describe('a list cut to a budget', () => {
  it('shows every item when they all fit, with no line about more', () => {
    expect(fitList(['a', 'bb', 'c'], (s) => s, charBudget(6), more)).toEqual(['a', 'bb', 'c']);
  });

  it('stops before the first item that does not fit and says how many were left out', () => {
    expect(fitList(['aaa', 'bbb', 'ccc', 'ddd'], (s) => s, charBudget(10), more)).toEqual(['aaa', 'bbb', '+2']);
  });

  it('gives up shown items when the line about the rest needs their room', () => {
    // 'aaa\nbbb' fills 7 of 8; '+2' does not fit after it, so 'bbb' makes way and the line says 3.
    expect(fitList(['aaa', 'bbb', 'ccc', 'ddd'], (s) => s, charBudget(8), more)).toEqual(['aaa', '+3']);
  });

  it('renders no item after the one that did not fit, however long the list', () => {
    const rendered: number[] = [];
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    const lines = fitList(items, (i) => (rendered.push(i), 'x'.repeat(10)), charBudget(1_000), more);
    expect(lines.at(-1)).toBe(`+${items.length - (lines.length - 1)}`);
    // The first items only, no more than the budget holds (91 of 11 characters) and the one that did not fit.
    expect(rendered).toEqual(items.slice(0, rendered.length));
    expect(rendered.length).toBeLessThanOrEqual(92);
  });

  it('says "and N more" in the view’s language', () => {
    expect(moreItems('fi')(1)).toBe('… ja 1 muu');
    expect(moreItems('fi')(4990)).toMatch(/^… ja 4\s990 muuta$/);
    expect(moreItems('sv')(4990)).toMatch(/^… och 4\s990 till$/);
    expect(moreItems(undefined)(4990)).toBe('… and 4,990 more');
  });
});
