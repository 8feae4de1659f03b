/** The BLT parser: the format's features, and an error value with a code (never a throw) for bad files. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBlt } from '../src/domain/election.js';
import { bltText, count, parseBlt, type BltError, type Election } from '../src/domain/tally/index.js';

const good = (text: string): Election => {
  const r = parseBlt(text);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const bad = (text: string): BltError => {
  const r = parseBlt(text);
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
};

describe('parseBlt', () => {
  it('reads header, ballot lines with weights, names and title; candidate numbers become 0-based', () => {
    const e = good('3 2\n4 1 2 0\n1 3 0\n2 2 3 1 0\n0\n"Ann"\n"Bob"\n"Cy"\n"Board 2025"\n');
    expect(e).toEqual({
      title: 'Board 2025',
      candidates: ['Ann', 'Bob', 'Cy'],
      seats: 2,
      ballots: [
        { weight: 4, ranking: [0, 1] },
        { weight: 1, ranking: [2] },
        { weight: 2, ranking: [1, 2, 0] },
      ],
      withdrawn: [],
    });
  });

  it('accepts a missing trailing newline, CRLF line ends and a byte-order mark', () => {
    const lf = good('2 1\n1 1 0\n0\n"A"\n"B"\n"T"');
    const crlf = good('\uFEFF2 1\r\n1 1 0\r\n0\r\n"A"\r\n"B"\r\n"T"\r\n');
    expect(crlf).toEqual(lf);
  });

  it('keeps names exactly, including runs of spaces, and turns doubled quotes into quotes', () => {
    const e = good('2 1\n1 1 0\n0\n"Kevin  LANG"\n"Jo ""Red"" SMITH"\n"""Quoted"" title"\n');
    expect(e.candidates).toEqual(['Kevin  LANG', 'Jo "Red" SMITH']);
    expect(e.title).toBe('"Quoted" title');
  });

  it('reads withdrawn candidates given as -n lines before the ballots', () => {
    const e = good('4 2\n-2\n-4\n1 2 1 3 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n');
    expect(e.withdrawn).toEqual([1, 3]);
    expect(e.ballots[0]!.ranking).toEqual([1, 0, 2]); // kept as written; the counts skip withdrawn candidates
  });

  it('skips # line comments and /* block */ comments, but not # inside quotes', () => {
    const e = good('# ballots for the board\n2 1 /* two candidates,\n one seat */\n3 1 2 0 # three ballots\n0\n"A #1"\n"B"\n"T"\n');
    expect(e.candidates).toEqual(['A #1', 'B']);
    expect(e.ballots).toEqual([{ weight: 3, ranking: [0, 1] }]);
  });

  it('ignores extra quoted strings after the title (source, comment)', () => {
    expect(good('2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"source"\n"comment"\n').title).toBe('T');
  });

  const cases: [string, string, BltError['code']][] = [
    ['an empty file', '  \n# only a comment\n', 'EMPTY'],
    ['a non-numeric header', 'three 1\n0\n"A"\n"T"\n', 'BAD_HEADER'],
    ['zero seats', '2 0\n0\n"A"\n"B"\n"T"\n', 'BAD_SEATS'],
    ['a withdrawn number out of range', '2 1\n-3\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'BAD_WITHDRAWN'],
    ['a fractional weight', '2 1\n1.5 1 0\n0\n"A"\n"B"\n"T"\n', 'BAD_WEIGHT'],
    ['a candidate number out of range', '2 1\n1 3 0\n0\n"A"\n"B"\n"T"\n', 'BAD_CANDIDATE_NUMBER'],
    ['a repeated preference', '2 1\n1 1 2 1 0\n0\n"A"\n"B"\n"T"\n', 'DUPLICATE_PREFERENCE'],
    ['an equal ranking', '3 1\n1 1=2 3 0\n0\n"A"\n"B"\n"C"\n"T"\n', 'EQUAL_RANKING_UNSUPPORTED'],
    ['a Droop option line', '2 1\n[tie 2 1]\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'UNSUPPORTED_SYNTAX'],
    ['no 0 line after the ballots', '2 1\n1 1 0\n"A"\n"B"\n"T"\n', 'MISSING_END_OF_BALLOTS'],
    ['a file cut off in the ballots', '2 1\n1 1 2', 'MISSING_END_OF_BALLOTS'],
    ['too few candidate names', '3 1\n1 1 0\n0\n"A"\n"B"\n', 'MISSING_CANDIDATE_NAME'],
    ['an unquoted name', '2 1\n1 1 0\n0\n"A"\nB\n"T"\n', 'MISSING_CANDIDATE_NAME'],
    ['no title', '2 1\n1 1 0\n0\n"A"\n"B"\n', 'MISSING_TITLE'],
    ['an unclosed quote', '2 1\n1 1 0\n0\n"A"\n"B"\n"T\n', 'UNTERMINATED_STRING'],
    ['a quote left open at the end of a line', '2 1\n1 1 0\n0\n"A\n"B"\n"T"\n', 'UNTERMINATED_STRING'],
    ['an unclosed comment', '2 1 /* oops\n1 1 0\n0\n"A"\n"B"\n"T"\n', 'UNTERMINATED_COMMENT'],
    ['junk after the title', '2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n42\n', 'TRAILING_CONTENT'],
    ['more seats than standing candidates', '2 2\n-1\n1 2 0\n0\n"A"\n"B"\n"T"\n', 'TOO_FEW_CANDIDATES'],
  ];
  for (const [what, text, code] of cases) {
    it(`rejects ${what} with code ${code}`, () => {
      const e = bad(text);
      expect(e.code).toBe(code);
      expect(e.message.length).toBeGreaterThan(0);
    });
  }

  it('reports the line of the problem', () => {
    const e = bad('3 1\n2 1 2 0\n1 1 1 0\n0\n"A"\n"B"\n"C"\n"T"\n');
    expect(e).toMatchObject({ code: 'DUPLICATE_PREFERENCE', line: 3 });
  });

  it('reads numbers the same whatever is next to them: leading zeros, comments, quotes, too many digits', () => {
    const names = '"A"\n"B"\n"C"\n"T"\n';
    expect(good(`3 1\n002 03 01 0\n1 2#c\n3 0/*x*/2 3 0\n00"A" "B" "C" "T"`).ballots).toEqual([
      { weight: 2, ranking: [2, 0] },
      { weight: 1, ranking: [1, 2] },
      { weight: 2, ranking: [2] },
    ]);
    // Only a lone 0 ends a ballot line: "00" is candidate number 0.
    expect(bad(`3 1\n1 00 0\n0\n${names}`)).toEqual({ code: 'BAD_CANDIDATE_NUMBER', message: 'candidate number 0 is not between 1 and 3', line: 2 });
    expect(bad(`3 1\n1 1 0\n99999999999999999999 1 0\n0\n${names}`)).toEqual({ code: 'BAD_WEIGHT', message: 'ballot weight 99999999999999999999 is too large', line: 3 });
    expect(bad(`3 1\n1 1 0\n1\n12345678901234567890 0\n0\n${names}`)).toEqual({
      code: 'BAD_CANDIDATE_NUMBER', message: 'candidate number 12345678901234567000 is not between 1 and 3', line: 4,
    });
    expect(good(`3 1\n999999999999999 1 0\n0\n${names}`).ballots).toEqual([{ weight: 999999999999999, ranking: [0] }]);
  });

  it('merges identical ballot lines when asked, at the first one\'s place, keeping every weight a safe integer', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const text = `3 1\n2 1 2 0\n1 3 0\n3 1 2 0\n${big - 4} 1 2 0\n1 3 0\n1 1 0\n0\n"A"\n"B"\n"C"\n"T"\n`;
    expect(good(text).ballots).toHaveLength(6);
    const merged = parseBlt(text, { merge: true });
    expect(merged).toEqual({
      ok: true,
      value: {
        ...good(text),
        ballots: [{ weight: 5, ranking: [0, 1] }, { weight: 2, ranking: [2] }, { weight: 1, ranking: [0] }, { weight: big - 4, ranking: [0, 1] }],
      },
    });
    expect(parseBlt('3 1\n1 1 1 0\n', { merge: true })).toEqual(parseBlt('3 1\n1 1 1 0\n'));
  });

  it('never throws, whatever the input', () => {
    const samples = ['', '"', '0', '1', '1 1', '1 1 0', '-', '/*', '1 1\n0\n""\n""', '\u0000\u0001', '1 1\n1 1 0 0 "A" "T"'];
    for (const s of samples) expect(() => parseBlt(s)).not.toThrow();
    expect(parseBlt('1 1\n0\n""\n""').ok).toBe(true); // an election with an empty name and no ballots is well-formed
  });
});

describe('withdrawn candidates in the counts', () => {
  // B is withdrawn: the 3 ballots B>A count for A, and the 2 ballots ranking only B are not valid votes.
  const e = good('3 1\n-2\n3 2 1 0\n2 2 0\n2 3 0\n1 1 3 0\n0\n"A"\n"B"\n"C"\n"T"\n');

  for (const rule of ['scottish', 'wigm', 'meek', 'meek-guarded', 'irv', 'plurality', 'approval']) {
    it(`${rule} skips them on every ballot and never elects them`, () => {
      const r = count(rule, e);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.validBallots).toBe(6);
      expect(r.value.winners).toEqual(['A']);
      const first = r.value.rounds[0]!;
      expect(first.tallies[1]).toMatchObject({ candidate: 'B', status: 'withdrawn' });
      expect(Number(first.tallies[0]!.votes)).toBe(4); // 3 via B>A plus 1 (approval: the same 4 ballots list A)
      expect(Number(first.tallies[1]!.votes)).toBe(0);
    });
  }
});


describe('the BLT export', () => {
  const name = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\r', '\t', '#', '/*', '*/', ' ', 'ä', '😀', '\u2028', '\u0000', 'x'), maxLength: 12 }),
  );
  const election = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      title: name,
      names: fc.array(name, { minLength: n, maxLength: n }),
      seats: fc.integer({ min: 1, max: 8 }),
      // Seqs as stored: 1…n for the standing candidates; 99 is one who is not standing.
      ballots: fc.array(fc.shuffledSubarray([...Array.from({ length: n }, (_, i) => i + 1), 99]), { maxLength: 8 }),
    }),
  );

  it('reads back through parseBlt to the same ballots, and names and title with control characters as spaces', () => {
    fc.assert(
      fc.property(election, ({ title, names, seats, ballots }) => {
        const text = toBlt(title, seats, names.map((n, i) => ({ seq: i + 1, name: n })), ballots);
        const r = parseBlt(text);
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}\n${text}`);
        expect(r.value.title).toBe(bltText(title));
        expect(r.value.candidates).toEqual(names.map(bltText));
        expect(r.value.seats).toBe(Math.min(seats, names.length));
        expect(r.value.ballots).toEqual(ballots.map((b) => ({ weight: 1, ranking: b.filter((s) => s !== 99).map((s) => s - 1) })));
      }),
      { numRuns: 2_000, seed: 2027 },
    );
  });

  it('writes a newline in a title or name as a space and keeps quotes, backslashes and unicode', () => {
    const text = toBlt('Representatives\n2027 "A\\B"', 1, [{ seq: 1, name: 'Anna\r\nÖ 😀' }], [[1]]);
    expect(good(text)).toMatchObject({ title: 'Representatives 2027 "A\\B"', candidates: ['Anna  Ö 😀'] });
  });
});
