import { asc, eq } from 'drizzle-orm';
import { type AgendaItem, type AgendaRepository, type Theme, THEMES } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { agendaItems, polls } from '../schema.js';
import type { Tx } from './shared.js';

/**
 * The write side: the topics a poll chose join the network's agenda. Called inside the poll's close
 * transaction, so a poll is never closed without its agenda items, nor the other way round.
 */
export async function writeAgendaItems(
  tx: Tx,
  networkId: string,
  pollId: string,
  theme: Theme,
  items: readonly { readonly rank: number; readonly topic: string; readonly votes: number }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(agendaItems).values(items.map((i) => ({ networkId, pollId, theme, topic: i.topic, rank: i.rank, votes: i.votes })));
}

export class DrizzleAgendaRepository implements AgendaRepository {
  constructor(private readonly db: Database) {}

  async forNetwork(networkId: string): Promise<AgendaItem[]> {
    const rows = await this.db
      .select({ a: agendaItems, poll: polls.seq })
      .from(agendaItems)
      .innerJoin(polls, eq(polls.id, agendaItems.pollId))
      .where(eq(agendaItems.networkId, networkId))
      .orderBy(asc(polls.seq), asc(agendaItems.rank));
    const items = rows.map(({ a, poll }) => ({ theme: a.theme as Theme, topic: a.topic, rank: a.rank, votes: a.votes, poll, outcome: a.outcome }));
    return items.sort((x, y) => THEMES.indexOf(x.theme) - THEMES.indexOf(y.theme));
  }
}
