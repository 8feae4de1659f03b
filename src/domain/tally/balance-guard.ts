/**
 * The gender-balance rule inside a count (issue #15, balance:40). At every point a count would
 * elect or exclude it asks the guard:
 * - `blocked(c)`: would electing `c` leave fewer seats than women and men still need? Then `c` is
 *   not elected but excluded by the rule. This is the issue's two clauses in one test: when the seats
 *   left equal the seats a gender still needs, every other candidate is blocked; when a gender holds
 *   all the seats it may (seats − the other gender's minimum), its remaining candidates are blocked.
 * - `shielded(c)`: would excluding `c` (for having the fewest votes) leave fewer hopeful candidates of
 *   `c`'s gender than that gender still needs? Then the count excludes the lowest candidate it may
 *   exclude instead. Without this the minimum could become impossible before the first clause acts.
 * Without a constraint (or with minimum 0) the guard is inert and the counts run exactly as before.
 */
import type { Prepared } from './prepare.js';
import { ELECTED, HOPEFUL, PENDING } from './record.js';
import type { BalanceGender, CountOptions, TallyError } from './types.js';

const WOMAN = 0;
const MAN = 1;
const OTHER = 2;

/** The balance rule of one count. */
export class BalanceGuard {
  /** False when there is no rule to apply. */
  readonly active: boolean;
  private readonly code: Uint8Array;

  private constructor(private readonly p: Prepared, genders: readonly BalanceGender[], private readonly minimum: number) {
    this.active = minimum > 0;
    this.code = new Uint8Array(p.names.length).fill(OTHER);
    genders.forEach((g, c) => { if (c < this.code.length) this.code[c] = g === 'woman' ? WOMAN : g === 'man' ? MAN : OTHER; });
  }

  /** The guard for a count, or why the minimum cannot be met by the candidates standing. */
  static of(p: Prepared, options: CountOptions): BalanceGuard | TallyError {
    const b = options.balance;
    if (!b || b.minimum <= 0) return new BalanceGuard(p, [], 0);
    if (!Number.isSafeInteger(b.minimum)) return { code: 'BALANCE_UNREACHABLE', message: `minimum ${b.minimum} is not an integer` };
    const guard = new BalanceGuard(p, b.genders, b.minimum);
    const standing = [0, 0, 0];
    for (let c = 0; c < p.names.length; c++) if (!p.withdrawn[c]) standing[guard.code[c]!]!++;
    if (2 * b.minimum > p.seats || standing[WOMAN]! < b.minimum || standing[MAN]! < b.minimum) {
      return {
        code: 'BALANCE_UNREACHABLE',
        message: `${p.seats} seats need at least ${b.minimum} women and ${b.minimum} men; standing: ${standing[WOMAN]} women, ${standing[MAN]} men`,
      };
    }
    return guard;
  }

  /** Seats women (0) and men (1) still need, and seats left. */
  private needs(st: Uint8Array): { need: [number, number]; left: number; hopeful: [number, number] } {
    const held = [0, 0, 0];
    const hopeful: [number, number] = [0, 0];
    let filled = 0;
    for (let c = 0; c < st.length; c++) {
      const s = st[c];
      const g = this.code[c]!;
      if (s === ELECTED || s === PENDING) { held[g]!++; filled++; } else if (s === HOPEFUL && g !== OTHER) hopeful[g]!++;
    }
    return {
      need: [Math.max(0, this.minimum - held[WOMAN]!), Math.max(0, this.minimum - held[MAN]!)],
      left: this.p.seats - filled,
      hopeful,
    };
  }

  /** True if electing `c` now would leave fewer seats than women and men still need. */
  blocked(st: Uint8Array, c: number): boolean {
    return this.active && this.blocks(this.needs(st), c);
  }

  private blocks({ need, left }: { need: [number, number]; left: number }, c: number): boolean {
    if (left <= 0) return false;
    const g = this.code[c]!;
    const after = need[WOMAN] + need[MAN] - (g !== OTHER && need[g as 0 | 1] > 0 ? 1 : 0);
    return after > left - 1;
  }

  /** The hopeful candidates the rule excludes now (in ballot order); none once the seats are filled. */
  barred(st: Uint8Array): number[] {
    if (!this.active) return [];
    const n = this.needs(st);
    const out: number[] = [];
    for (let c = 0; c < st.length; c++) if (st[c] === HOPEFUL && this.blocks(n, c)) out.push(c);
    return out;
  }

  /** True if excluding hopeful `c` would leave fewer hopeful candidates of its gender than it still needs. */
  shielded(st: Uint8Array, c: number): boolean {
    if (!this.active) return false;
    const g = this.code[c]!;
    if (g === OTHER) return false;
    const { need, hopeful } = this.needs(st);
    return hopeful[g as 0 | 1] <= need[g as 0 | 1];
  }

  /**
   * Of `hopeful`, those the count may exclude for having the fewest votes, and whether the rule
   * changed the choice (a shielded candidate had no more votes than the lowest excludable one).
   */
  excludable(st: Uint8Array, hopeful: readonly number[], votes: readonly bigint[]): { candidates: number[]; acted: boolean } {
    if (!this.active) return { candidates: [...hopeful], acted: false };
    const { need, hopeful: left } = this.needs(st);
    const open = hopeful.filter((c) => {
      const g = this.code[c]!;
      return g === OTHER || left[g as 0 | 1] > need[g as 0 | 1];
    });
    if (open.length === hopeful.length || open.length === 0) return { candidates: open.length ? open : [...hopeful], acted: false };
    const low = open.reduce((m, c) => (votes[c]! < m ? votes[c]! : m), votes[open[0]!]!);
    const acted = hopeful.some((c) => !open.includes(c) && votes[c]! <= low);
    return { candidates: open, acted };
  }
}
