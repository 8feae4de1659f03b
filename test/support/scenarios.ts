/** Scripts of commands that several tests start from, run through the real core on any platform. */

/**
 * Sets up a network with Org A (`a` a member) and Org B (`b`), and a one-seat STV election E1 "Board
 * 2027" where `a` and `b` stand, opened and voted by both (`a`: 1 2, `b`: 2), not closed.
 */
export async function votedBoardElection<U>(core: (user: U, line: string) => Promise<unknown>, people: { coord: U; a: U; b: U }, mention: (user: U) => string): Promise<void> {
  const { coord, a, b } = people;
  await core(coord, 'setup area:Kainuu');
  await core(coord, 'org add "Org A"');
  await core(coord, `org member add "Org A" ${mention(a)}`);
  await core(coord, 'org add "Org B"');
  await core(coord, `org member add "Org B" ${mention(b)}`);
  await core(coord, 'election new "Board 2027" seats:1 method:stv');
  await core(a, `election nominate E1 ${mention(a)}`);
  await core(b, `election nominate E1 ${mention(b)}`);
  await core(coord, 'election open E1');
  await core(a, 'vote E1 1 2');
  await core(b, 'vote E1 2');
}
