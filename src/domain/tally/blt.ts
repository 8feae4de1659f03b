/**
 * Parser for the BLT ballot format (ERS / OpenSTV / Droop):
 *
 * ```
 * <candidates> <seats>
 * -3                      optional withdrawn candidates, as negative numbers
 * <weight> <c1> <c2> … 0  ballot lines: weight, 1-based candidate numbers, 0
 * 0                       end of ballots
 * "Name 1"                one quoted name per candidate; "" inside quotes is a literal "
 * …
 * "Title"
 * ```
 *
 * `#` starts a comment to the end of the line and `/* … *\/` a block comment (outside quotes).
 * Line ends may be LF or CRLF, and the final newline may be missing. Equal rankings (`2=3`),
 * ballot IDs (`(id)`) and Droop's `[option]` lines are not supported and are rejected with a code.
 *
 * BLT has no escapes but `""`, and a quoted string ends at its line: {@link writeBlt} therefore
 * writes control characters (newlines, tabs, …) in names and the title as spaces.
 */
import { arrayOf, RankingGroups } from './ranking-groups.js';
import { err, ok, type Result } from './result.js';
import type { Ballot, Election } from './types.js';

/** Why a BLT file could not be read. */
export interface BltError {
  readonly code:
    | 'EMPTY'
    | 'BAD_HEADER'
    | 'BAD_SEATS'
    | 'BAD_WITHDRAWN'
    | 'BAD_WEIGHT'
    | 'BAD_CANDIDATE_NUMBER'
    | 'DUPLICATE_PREFERENCE'
    | 'EQUAL_RANKING_UNSUPPORTED'
    | 'UNSUPPORTED_SYNTAX'
    | 'MISSING_END_OF_BALLOTS'
    | 'MISSING_CANDIDATE_NAME'
    | 'MISSING_TITLE'
    | 'UNTERMINATED_STRING'
    | 'UNTERMINATED_COMMENT'
    | 'TRAILING_CONTENT'
    | 'TOO_FEW_CANDIDATES';
  readonly message: string;
  /** 1-based line number where the problem was found, when there is one. */
  readonly line?: number;
}

interface Token {
  readonly kind: 'word' | 'string';
  readonly text: string;
  readonly line: number;
}

class BltSyntaxError {
  constructor(readonly error: BltError) {}
}

function fail(code: BltError['code'], message: string, line?: number): never {
  throw new BltSyntaxError(line === undefined ? { code, message } : { code, message, line: line });
}

/**
 * Reads BLT text one word or quoted string at a time, dropping comments. Tokens are made as the parser
 * asks for them and dropped at once: a list of every token of a large file (600,000 for 100,000
 * ballots) outlived the young generation and cost more in garbage collection than the parse itself.
 */
class Lexer {
  private i = 0;
  private line = 1;
  /** The next token when peeked; `null` when not read yet (`undefined` is the end). */
  private ahead: Token | undefined | null = null;
  /** The line of the last token read: where an unexpected end of file is reported. */
  lastLine = 1;

  constructor(private readonly text: string) {}

  peek(): Token | undefined {
    if (this.ahead === null) this.ahead = this.read();
    return this.ahead;
  }

  next(): Token | undefined {
    const t = this.peek();
    this.ahead = null;
    return t;
  }

  /**
   * The next token if it is a plain whole number (digits only, no leading zero, at most 15 digits, so
   * always safe), as a number; -1 otherwise, and then `next` reads the same token. This is the ballot
   * lines' fast path: no token object and no substring per number.
   */
  nextUint(): number {
    if (this.ahead !== null) return -1;
    this.skip();
    const text = this.text;
    const start = this.i;
    let i = start;
    let v = 0;
    for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(i) - 48) {
      v = v * 10 + d;
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 15 || (len > 1 && text.charCodeAt(start) === 48) || !this.endsWord(i)) return -1;
    this.i = i;
    this.lastLine = this.line;
    return v;
  }

  /** True if a word ends before position `j`'s character (the word delimiters of {@link read}). */
  private endsWord(j: number): boolean {
    const text = this.text;
    if (j >= text.length) return true;
    const c = text[j]!;
    return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v' || c === '"' || c === '#'
      || (c === '/' && text[j + 1] === '*');
  }

  /** Moves past white space, line ends and comments. */
  private skip(): void {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    let line = this.line;
    while (i < n) {
      const ch = text[i]!;
      if (ch === '\n') { line++; i++; continue; }
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\uFEFF') { i++; continue; }
      if (ch === '#') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (ch === '/' && text[i + 1] === '*') {
        const startLine = line;
        i += 2;
        while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
          if (text[i] === '\n') line++;
          i++;
        }
        if (i >= n) fail('UNTERMINATED_COMMENT', 'a /* comment is never closed', startLine);
        i += 2;
        continue;
      }
      break;
    }
    this.i = i;
    this.line = line;
  }

  private read(): Token | undefined {
    this.skip();
    const text = this.text;
    const n = text.length;
    let i = this.i;
    const line = this.line;
    if (i < n) {
      const ch = text[i]!;
      if (ch === '"') {
        const startLine = line;
        let s = '';
        i++;
        for (;;) {
          if (i >= n) fail('UNTERMINATED_STRING', 'a quoted string is never closed', startLine);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') { s += '"'; i += 2; continue; } // doubled quote = literal quote
            i++;
            break;
          }
          if (c === '\n') fail('UNTERMINATED_STRING', 'a quoted string is not closed on its line', startLine);
          s += c;
          i++;
        }
        this.i = i;
        this.lastLine = startLine;
        return { kind: 'string', text: s.replace(/\r$/, ''), line: startLine };
      }
      let j = i + 1;
      while (!this.endsWord(j)) j++;
      this.i = j;
      this.lastLine = line;
      return { kind: 'word', text: text.slice(i, j), line };
    }
    return undefined;
  }
}

const UINT = /^\d+$/;

function parseCount(tok: Token, code: BltError['code'], what: string): number {
  if (tok.kind !== 'word' || !UINT.test(tok.text)) fail(code, `expected ${what}, found ${JSON.stringify(tok.text)}`, tok.line);
  const v = Number(tok.text);
  if (!Number.isSafeInteger(v)) fail(code, `${what} ${tok.text} is too large`, tok.line);
  return v;
}

/** How {@link parseBlt} hands over the ballot lines. */
export interface BltOptions {
  /**
   * Merge identical ballot lines into one `Ballot` (at the first one's place, weights added; a line
   * that would take a weight past 2^53 stays a `Ballot` of its own, after the merged ones). Every
   * count gives the same result for it, and a large file makes far fewer objects: for a program that
   * only counts. Default false: one `Ballot` per line, as written.
   */
  readonly merge?: boolean;
}

/**
 * Parses BLT text into an `Election`. Candidate numbers become 0-based indices.
 * Never throws: every problem comes back as a `BltError` with a code and, where known, a line.
 */
export function parseBlt(text: string, options: BltOptions = {}): Result<Election, BltError> {
  try {
    return ok(parseTokens(new Lexer(text), options.merge === true));
  } catch (e) {
    if (e instanceof BltSyntaxError) return err(e.error);
    throw e;
  }
}

/** Ballot lines as written, one `Ballot` each. */
class EveryLine {
  private readonly list: Ballot[] = [];
  add(weight: number, line: Int32Array, length: number): void {
    this.list.push({ weight, ranking: arrayOf(line, 0, length) });
  }
  ballots(): Ballot[] {
    return this.list;
  }
}

/**
 * Identical ballot lines merged, in order of first appearance; the rankings stay in the groups'
 * typed arrays until the end. A merged weight stays a safe integer: a line that would take it past
 * 2^53 is kept as a `Ballot` of its own, after the merged ones.
 */
class MergedLines {
  private readonly groups: RankingGroups;
  private readonly weights: number[] = [];
  private readonly apart: { group: number; weight: number }[] = [];
  constructor(candidates: number) {
    this.groups = new RankingGroups(candidates);
  }
  add(weight: number, line: Int32Array, length: number): void {
    const g = this.groups.indexOf(line, length);
    if (g === this.weights.length) this.weights.push(weight);
    else if (this.weights[g]! + weight <= Number.MAX_SAFE_INTEGER) this.weights[g] = this.weights[g]! + weight;
    else this.apart.push({ group: g, weight });
  }
  ballots(): Ballot[] {
    const ballots = this.weights.map((weight, g) => ({ weight, ranking: this.groups.ranking(g) }));
    for (const { group, weight } of this.apart) ballots.push({ weight, ranking: ballots[group]!.ranking });
    return ballots;
  }
}

function parseTokens(lex: Lexer, merge: boolean): Election {
  const next = (code: BltError['code'], what: string): Token => {
    const t = lex.next();
    if (t === undefined) fail(code, `unexpected end of file: expected ${what}`, lex.lastLine);
    return t;
  };

  if (lex.peek() === undefined) fail('EMPTY', 'the file has no content');

  // Header: number of candidates and number of seats.
  const candTok = next('BAD_HEADER', 'the number of candidates');
  const nCand = parseCount(candTok, 'BAD_HEADER', 'the number of candidates');
  if (nCand < 1) fail('BAD_HEADER', 'the number of candidates must be at least 1', candTok.line);
  const seatsTok = next('BAD_SEATS', 'the number of seats');
  const seats = parseCount(seatsTok, 'BAD_SEATS', 'the number of seats');
  if (seats < 1) fail('BAD_SEATS', 'the number of seats must be at least 1', seatsTok.line);

  // Optional withdrawn candidates: negative numbers before the first ballot line.
  const withdrawn: number[] = [];
  for (;;) {
    const t = lex.peek();
    if (t === undefined || t.kind !== 'word' || !t.text.startsWith('-')) break;
    if (!/^-\d+$/.test(t.text)) fail('BAD_WITHDRAWN', `bad withdrawn-candidate item ${JSON.stringify(t.text)}`, t.line);
    const c = Number(t.text.slice(1));
    if (c < 1 || c > nCand) fail('BAD_WITHDRAWN', `withdrawn candidate ${c} is not between 1 and ${nCand}`, t.line);
    if (withdrawn.includes(c - 1)) fail('BAD_WITHDRAWN', `candidate ${c} is withdrawn twice`, t.line);
    withdrawn.push(c - 1);
    lex.next();
  }

  // Ballot lines, ended by a lone 0.
  const sink = merge ? new MergedLines(nCand) : new EveryLine();
  // seenOn[c] = the number of the last ballot line that ranked candidate c (no set per line).
  const seenOn = new Uint32Array(nCand + 1);
  let lines = 0;
  // A ballot line's candidates (at most one each), copied out at its end.
  const line = new Int32Array(nCand);
  for (;;) {
    let weight = lex.nextUint();
    if (weight < 0) {
      const wt = next('MISSING_END_OF_BALLOTS', 'a ballot line or the 0 that ends the ballots');
      if (wt.kind === 'string') fail('MISSING_END_OF_BALLOTS', 'candidate names start before the 0 line that ends the ballots', wt.line);
      if (wt.text.startsWith('[')) fail('UNSUPPORTED_SYNTAX', `Droop option ${wt.text} is not supported`, wt.line);
      if (wt.text.startsWith('(')) fail('UNSUPPORTED_SYNTAX', 'ballot IDs in parentheses are not supported', wt.line);
      if (!UINT.test(wt.text)) fail('BAD_WEIGHT', `expected a ballot weight (a whole number), found ${JSON.stringify(wt.text)}`, wt.line);
      weight = Number(wt.text);
      if (!Number.isSafeInteger(weight)) fail('BAD_WEIGHT', `ballot weight ${wt.text} is too large`, wt.line);
    }
    if (weight === 0) break; // end of ballots
    let length = 0;
    const stamp = ++lines;
    for (;;) {
      let c = lex.nextUint();
      if (c === 0) break;
      if (c < 0) {
        const ct = next('MISSING_END_OF_BALLOTS', 'a candidate number or the 0 that ends the ballot line');
        if (ct.kind === 'string') fail('BAD_CANDIDATE_NUMBER', 'a ballot line is not ended by 0', ct.line);
        if (ct.text.includes('=')) {
          fail('EQUAL_RANKING_UNSUPPORTED', `equal rankings (${ct.text}) are not supported by these counts`, ct.line);
        }
        if (!UINT.test(ct.text)) fail('BAD_CANDIDATE_NUMBER', `expected a candidate number, found ${JSON.stringify(ct.text)}`, ct.line);
        c = Number(ct.text); // a leading zero ("00", "07"): only a lone "0" ends the line
      }
      if (c < 1 || c > nCand) fail('BAD_CANDIDATE_NUMBER', `candidate number ${c} is not between 1 and ${nCand}`, lex.lastLine);
      if (seenOn[c] === stamp) fail('DUPLICATE_PREFERENCE', `candidate ${c} appears twice on one ballot`, lex.lastLine);
      seenOn[c] = stamp;
      line[length++] = c - 1;
    }
    sink.add(weight, line, length);
  }

  // Candidate names.
  const candidates: string[] = [];
  for (let c = 1; c <= nCand; c++) {
    const t = lex.next();
    if (t === undefined || t.kind !== 'string') {
      fail('MISSING_CANDIDATE_NAME', `expected the quoted name of candidate ${c} of ${nCand}`, t?.line ?? lex.lastLine);
    }
    candidates.push(t.text);
  }

  // Title.
  const tt = lex.next();
  if (tt === undefined || tt.kind !== 'string') fail('MISSING_TITLE', 'expected the quoted election title', tt?.line ?? lex.lastLine);
  // Optional further quoted strings (source, comment) are allowed and ignored.
  for (let t = lex.next(); t !== undefined; t = lex.next()) {
    if (t.kind !== 'string') fail('TRAILING_CONTENT', `unexpected ${JSON.stringify(t.text)} after the title`, t.line);
  }

  if (seats > nCand - withdrawn.length) {
    fail('TOO_FEW_CANDIDATES', `${seats} seats but only ${nCand - withdrawn.length} candidates standing`);
  }
  return { title: tt.text, candidates, seats, ballots: sink.ballots(), withdrawn };
}

/**
 * A name or title as BLT carries it: control characters (a newline would end the quoted string) and
 * unpaired surrogates (not UTF-8) become spaces. Everything else, quotes and backslashes included, is kept.
 */
export function bltText(text: string): string {
  return text.replace(/[\p{Cc}\p{Cs}\u2028\u2029]/gu, ' ');
}

/** Writes an election as BLT that {@link parseBlt} reads back to the same ballots and {@link bltText} names. */
export function writeBlt(e: Election): string {
  const quote = (s: string) => `"${bltText(s).replaceAll('"', '""')}"`;
  const lines = [`${e.candidates.length} ${e.seats}`];
  if (e.withdrawn.length > 0) lines.push(e.withdrawn.map((c) => `-${c + 1}`).join(' '));
  for (const b of e.ballots) lines.push([b.weight, ...b.ranking.map((c) => c + 1), 0].join(' '));
  lines.push('0', ...e.candidates.map(quote), quote(e.title));
  return `${lines.join('\n')}\n`;
}
