import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThrottledCardUpdates } from '../src/app/services/poll-card-updates.js';
import { agendaCut, bar, type PollOption, rankOptions, readPicks, readTopicList } from '../src/domain/poll.js';
import { csvField, toCsv } from '../src/domain/poll-csv.js';

const option = (seq: number, text: string, mergedInto: number | null = null): PollOption => ({ seq, text, suggestedBy: null, mergedInto });
const OPTIONS = [option(1, 'A'), option(2, 'B'), option(3, 'B again', 2), option(4, 'C')];

describe('reading picks', () => {
  it('GIVEN standing topics THEN card numbers become sorted picks, a merged number the topic kept', () => {
    expect(readPicks(['4', '1'], OPTIONS, 3, 'P1')).toEqual({ ok: true, picks: [1, 4] });
    expect(readPicks(['3'], OPTIONS, 3, 'P1')).toEqual({ ok: true, picks: [2] });
    expect(readPicks(['#1,4'], OPTIONS, 3, 'P1')).toEqual({ ok: true, picks: [1, 4] });
  });

  it('GIVEN a merged topic and the topic it was merged into THEN they are one pick', () => {
    expect(readPicks(['2', '3'], OPTIONS, 3, 'P1')).toEqual({ ok: true, picks: [2] });
  });

  it('GIVEN bad picks THEN the error names what was wrong', () => {
    expect(readPicks(['5'], OPTIONS, 3, 'P1')).toMatchObject({ ok: false, code: 'poll.unknown-option', params: { value: '5', id: 'P1' } });
    expect(readPicks(['x'], OPTIONS, 3, 'P1')).toMatchObject({ ok: false, code: 'poll.unknown-option' });
    expect(readPicks(['2', '2'], OPTIONS, 3, 'P1')).toMatchObject({ ok: false, code: 'poll.duplicate-pick', params: { value: '2' } });
    expect(readPicks(['1', '2'], OPTIONS, 1, 'P1')).toMatchObject({ ok: false, code: 'poll.too-many-picks', params: { max: 1 } });
    expect(readPicks([], OPTIONS, 1, 'P1')).toMatchObject({ ok: false, code: 'poll.no-picks' });
  });

  it('reads options:"A|B|C" into distinct topics', () => {
    expect(readTopicList(' A | B|  | C ')).toEqual({ ok: true, topics: ['A', 'B', 'C'] });
    expect(readTopicList('A|a ')).toMatchObject({ ok: false, code: 'poll.duplicate-option' });
    expect(readTopicList(Array.from({ length: 26 }, (_, i) => `T${i}`).join('|'))).toMatchObject({ ok: false, code: 'poll.full', params: { max: 25 } });
  });
});

describe('ranking and the agenda cut', () => {
  it('ranks standing topics by votes, ties in card order', () => {
    const ranked = rankOptions(OPTIONS, new Map([[1, 2], [2, 5], [4, 2]]));
    expect(ranked.map((r) => [r.rank, r.seq, r.votes])).toEqual([
      [1, 2, 5],
      [2, 1, 2],
      [3, 4, 2],
    ]);
  });

  it('takes the top `pick` with votes, and every topic tied with the last one', () => {
    const ranked = rankOptions(OPTIONS, new Map([[1, 2], [2, 5], [4, 2]]));
    expect(agendaCut(ranked, 1).map((r) => r.seq)).toEqual([2]);
    expect(agendaCut(ranked, 2).map((r) => r.seq)).toEqual([2, 1, 4]);
    expect(agendaCut(rankOptions(OPTIONS, new Map([[1, 1]])), 3).map((r) => r.seq)).toEqual([1]);
    expect(agendaCut(rankOptions(OPTIONS, new Map()), 3)).toEqual([]);
  });
});

describe('result bars', () => {
  it('draws the share of voters in eighths of a block', () => {
    expect(bar(5, 12, 'en')).toBe('████▏ 42% (5)');
    expect(bar(5, 12, 'en', 13)).toBe('█████▍ 42% (5)');
    expect(bar(3, 4, 'en')).toBe('███████▌ 75% (3)');
    expect(bar(4, 4, 'en')).toBe('██████████ 100% (4)');
    expect(bar(0, 4, 'en')).toBe('0% (0)');
    expect(bar(0, 0, 'en')).toBe('0% (0)');
    expect(bar(1, 1000, 'en')).toBe('0% (1)');
  });

  it.each([
    ['fi', '███████▌ 75\u00a0% (3)'],
    ['sv', '███████▌ 75\u00a0% (3)'],
    ['en', '███████▌ 75% (3)'],
  ] as const)('writes the percent as %s does', (lang, shown) => {
    expect(bar(3, 4, lang)).toBe(shown);
  });
});

/** A minimal RFC 4180 reader, to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let j = i + 1;
    let cell = '';
    for (;;) {
      const k = text.indexOf('"', j);
      cell += text.slice(j, k);
      if (text[k + 1] === '"') {
        cell += '"';
        j = k + 2;
      } else {
        i = k + 1;
        break;
      }
    }
    row.push(cell);
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      expect(text[i]).toBe(',');
      i += 1;
    }
  }
  return rows;
}

describe('CSV export', () => {
  it('quotes every field, doubles quotes, and neutralises formulas', () => {
    expect(csvField('Plain')).toBe('"Plain"');
    expect(csvField('Say "hi", then\nleave')).toBe('"Say ""hi"", then\nleave"');
    expect(csvField('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvField(`${start}cmd`)).toBe(`"'${start}cmd"`);
    expect(csvField(-5)).toBe('"-5"');
    expect(toCsv([['a', 1], ['b', 2]])).toBe('"a","1"\r\n"b","2"\r\n');
  });

  it('reads back cell for cell, whatever people typed', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const back = parseCsv(toCsv(rows));
        expect(back).toEqual(rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))));
      }),
    );
  });
});

describe('the card throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A card update that takes `ms` and records when it ran. */
  function recorder(ms = 0) {
    const runs: number[] = [];
    let running = 0;
    let overlapped = false;
    const run = async () => {
      running++;
      overlapped ||= running > 1;
      runs.push(Date.now());
      await new Promise((r) => setTimeout(r, ms));
      running--;
    };
    return { runs, run, overlapped: () => overlapped };
  }

  it('updates at once, folds a burst into one trailing update, and never runs two at once', async () => {
    vi.useFakeTimers({ now: 0 });
    const t = new ThrottledCardUpdates(1_000);
    const r = recorder(200);
    for (let i = 0; i < 20; i++) {
      t.request('poll:1', r.run);
      await vi.advanceTimersByTimeAsync(100);
    }
    // 0 ms leading; then one per second while requests keep coming; the trailing one after the last.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(r.runs).toEqual([0, 1_000, 2_000]);
    expect(r.overlapped()).toBe(false);
    expect(t.busy).toBe(0);
  });

  it('keeps cards apart, and `now` skips the wait but not an update in flight', async () => {
    vi.useFakeTimers({ now: 0 });
    const t = new ThrottledCardUpdates(1_000);
    const a = recorder(300);
    const b = recorder(0);
    t.request('poll:a', a.run);
    t.request('poll:b', b.run);
    await vi.advanceTimersByTimeAsync(100);
    let done = false;
    void t.now('poll:a', a.run).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(150);
    expect(a.runs).toEqual([0]);
    await vi.advanceTimersByTimeAsync(100);
    expect(a.runs).toEqual([0, 300]);
    await vi.advanceTimersByTimeAsync(300);
    expect(done).toBe(true);
    expect(b.runs).toEqual([0]);
    expect(a.overlapped()).toBe(false);
  });

  it('makes the trailing update even when its timer fires before the clock says the interval is over', async () => {
    vi.useFakeTimers({ now: 0 });
    // Timers and Date.now() are different clocks: a timer can fire a little before Date.now() has
    // moved on by its delay. Here the card's clock falls behind the timers while a wait is armed.
    let lag = 0;
    const t = new ThrottledCardUpdates(100, undefined, () => Date.now() - lag);
    const r = recorder();
    t.request('poll:1', r.run);
    await vi.advanceTimersByTimeAsync(10);
    lag = 5;
    t.request('poll:1', r.run);
    // At 100 the idle timer finds the update due in 5 ms by the card's clock and arms a wait…
    await vi.advanceTimersByTimeAsync(92);
    // …which fires while that clock still says 3 ms to go.
    lag = 8;
    await vi.advanceTimersByTimeAsync(500);
    expect(r.runs).toHaveLength(2);
    expect(t.busy).toBe(0);
  });

  it('reports a failed update and carries on', async () => {
    vi.useFakeTimers({ now: 0 });
    const errors: unknown[] = [];
    const t = new ThrottledCardUpdates(100, (err) => errors.push(err));
    t.request('poll:1', async () => {
      throw new Error('platform down');
    });
    await vi.advanceTimersByTimeAsync(0);
    const r = recorder();
    t.request('poll:1', r.run);
    await vi.advanceTimersByTimeAsync(200);
    expect(errors).toHaveLength(1);
    expect(r.runs).toEqual([100]);
  });
});
