import { and, eq, inArray, or } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../../src/domain/errors.js';
import type { Lang } from '../../src/i18n/translator.js';
import type { AuditEntry, Network, NetworkRepository, NetworkSettings, PersonRef, Space } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { coordinators, elections, FEED_TOKEN, negotiations, networks, persons, polls, reminders, scheduledJobs, spaces } from '../schema.js';
import { anyOf, findPersonId, personId, writeAudit } from './shared.js';
import { batchedReads, type TickBatches } from './tick-batches.js';

type Row = typeof networks.$inferSelect;

/** A `networks` row as the core sees it (the feed token left out). */
export const toNetwork = (r: Row): Network => ({
  id: r.id,
  areaId: r.areaId,
  lang: r.lang as Lang,
  zone: r.zone,
  reminderOffsets: r.reminderOffsets,
  budgetReminder: r.budgetReminder,
  resultsPage: r.resultsPage,
});

const values = (s: NetworkSettings) => ({
  areaId: s.areaId,
  lang: s.lang,
  zone: s.zone,
  reminderOffsets: [...s.reminderOffsets],
  budgetReminder: s.budgetReminder,
  resultsPage: s.resultsPage ?? false,
});

/** How long a space's network is remembered: every command asks for it, and it rarely changes. */
export const NETWORK_CACHE_MS = 5_000;

/** A network and a space as one key (JSON, so that it can be read back). */
const bindingKey = (networkId: string, s: Space) => JSON.stringify([networkId, { platform: s.platform, workspaceId: s.workspaceId, channelId: s.channelId }]);

const spaceKey = (s: Space) => `${s.platform}\u0000${s.workspaceId}\u0000${s.channelId}`;

export class DrizzleNetworkRepository implements NetworkRepository {
  /**
   * Networks by space, for a few seconds. A change made here is seen at once; one made by another
   * process (settings: language, zone, reminder offsets) within {@link NETWORK_CACHE_MS}. Who
   * coordinates is never cached, and a space not set up is not remembered (setup shows at once).
   */
  private readonly bySpace: LRUCache<string, Network>;
  /**
   * The reads under way, by space: when an entry expires, the commands then in flight share one read
   * (at 200 votes in flight, 200 queries went ahead of the votes in the pool, every 5 seconds).
   */
  private readonly reading = new Map<string, Promise<Network | undefined>>();
  /** By id, always fresh (jobs act on the settings: a stale budget-season day must not post), read in batches. */
  private readonly byIds: TickBatches<string, Network | undefined>;
  /** Whether a network binds a space (`remind … to:#channel` asks), read in batches like `byIds`. */
  private readonly bindings: TickBatches<string, boolean | undefined>;

  constructor(
    private readonly db: Database,
    cacheMs = NETWORK_CACHE_MS,
  ) {
    this.bySpace = new LRUCache({ max: 10_000, ttl: Math.max(cacheMs, 1) });
    this.byIds = batchedReads(async (ids) => new Map((await db.select().from(networks).where(anyOf(networks.id, ids))).map((r) => [r.id, toNetwork(r)])));
    this.bindings = batchedReads(async (keys) => {
      const asked = keys.map((k) => JSON.parse(k) as [string, Space]);
      const rows = await db
        .select({ networkId: spaces.networkId, platform: spaces.platform, workspaceId: spaces.workspaceId, channelId: spaces.channelId })
        .from(spaces)
        .where(and(anyOf(spaces.networkId, asked.map(([n]) => n)), anyOf(spaces.channelId, asked.map(([, s]) => s.channelId), 'text')));
      const bound = new Set(rows.map((r) => bindingKey(r.networkId, r as Space)));
      return new Map(keys.map((k) => [k, bound.has(k)]));
    });
  }

  findBySpace(space: Space): Promise<Network | undefined> {
    const key = spaceKey(space);
    const hit = this.bySpace.get(key);
    if (hit) return Promise.resolve(hit);
    const pending = this.reading.get(key);
    if (pending) return pending;
    const read: Promise<Network | undefined> = this.readBySpace(space).then(
      (found) => {
        // Unless the networks were forgotten meanwhile (a change): this read may be older than it.
        if (this.reading.get(key) === read) {
          this.reading.delete(key);
          if (found) this.bySpace.set(key, found);
        }
        return found;
      },
      (err: unknown) => {
        if (this.reading.get(key) === read) this.reading.delete(key);
        throw err;
      },
    );
    this.reading.set(key, read);
    return read;
  }

  /** Forgets every cached network, and the reads under way (they may be older than the change). */
  private forgetSpaces(): void {
    this.bySpace.clear();
    this.reading.clear();
  }

  private async readBySpace(space: Space): Promise<Network | undefined> {
    const [row] = await this.db
      .select({ n: networks })
      .from(spaces)
      .innerJoin(networks, eq(networks.id, spaces.networkId))
      .where(and(eq(spaces.platform, space.platform), eq(spaces.workspaceId, space.workspaceId), eq(spaces.channelId, space.channelId)));
    return row ? toNetwork(row.n) : undefined;
  }

  byId(networkId: string): Promise<Network | undefined> {
    return this.byIds.submit(networkId);
  }

  create(settings: NetworkSettings, space: Space, coordinator: PersonRef, audit: AuditEntry): Promise<Network> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(networks).values(values(settings)).returning();
      // Two people running setup at once: the space's primary key lets only one network bind it.
      const bound = await tx
        .insert(spaces)
        .values({ ...space, networkId: row!.id })
        .onConflictDoNothing()
        .returning();
      if (bound.length === 0) throw new DomainError('setup.already');
      await tx.insert(coordinators).values({ networkId: row!.id, personId: await personId(tx, coordinator) });
      await writeAudit(tx, row!.id, audit);
      return toNetwork(row!);
    });
  }

  update(networkId: string, settings: NetworkSettings, audit: AuditEntry): Promise<Network> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(networks).set(values(settings)).where(eq(networks.id, networkId)).returning();
      await writeAudit(tx, networkId, audit);
      // Settings change rarely: forgetting every cached network is simpler than finding this one's spaces.
      this.forgetSpaces();
      return toNetwork(row!);
    });
  }

  async binds(networkId: string, space: Space): Promise<boolean> {
    return (await this.bindings.submit(bindingKey(networkId, space))) ?? false;
  }

  async coordinators(networkId: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: persons.userId })
      .from(coordinators)
      .innerJoin(persons, eq(persons.id, coordinators.personId))
      .where(eq(coordinators.networkId, networkId))
      .orderBy(persons.userId);
    return rows.map((r) => r.userId);
  }

  async isCoordinator(networkId: string, person: PersonRef): Promise<boolean> {
    const rows = await this.db
      .select({ n: coordinators.networkId })
      .from(coordinators)
      .innerJoin(persons, eq(persons.id, coordinators.personId))
      .where(and(eq(coordinators.networkId, networkId), eq(persons.platform, person.platform), eq(persons.workspaceId, person.workspaceId), eq(persons.userId, person.userId)));
    return rows.length > 0;
  }

  addCoordinator(networkId: string, person: PersonRef, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const added = await tx
        .insert(coordinators)
        .values({ networkId, personId: await personId(tx, person) })
        .onConflictDoNothing()
        .returning();
      if (added.length > 0) await writeAudit(tx, networkId, audit);
      return added.length > 0;
    });
  }

  removeCoordinator(networkId: string, person: PersonRef, audit: AuditEntry): Promise<'removed' | 'absent' | 'last'> {
    return this.db.transaction(async (tx) => {
      // Lock the network's coordinator rows so two removals cannot leave it with none.
      const all = await tx.select().from(coordinators).where(eq(coordinators.networkId, networkId)).for('update');
      const pid = await findPersonId(tx, person);
      if (!pid || !all.some((c) => c.personId === pid)) return 'absent';
      if (all.length === 1) return 'last';
      await tx.delete(coordinators).where(and(eq(coordinators.networkId, networkId), eq(coordinators.personId, pid)));
      await writeAudit(tx, networkId, audit);
      return 'removed';
    });
  }

  async feedToken(networkId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ token: networks.feedToken }).from(networks).where(eq(networks.id, networkId));
    return row?.token;
  }

  resetFeedToken(networkId: string, audit: AuditEntry): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(networks).set({ feedToken: FEED_TOKEN }).where(eq(networks.id, networkId)).returning({ token: networks.feedToken });
      await writeAudit(tx, networkId, audit);
      return row!.token;
    });
  }

  remove(networkId: string, audit: AuditEntry): Promise<{ readonly cancelledJobs: readonly string[] }> {
    return this.db.transaction(async (tx) => {
      // Jobs are linked from the network's rows (reminders) or name them in entity_id (the rest).
      const jobs = await tx
        .select({ id: scheduledJobs.id, state: scheduledJobs.state })
        .from(scheduledJobs)
        .where(
          or(
            inArray(scheduledJobs.id, tx.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.networkId, networkId))),
            eq(scheduledJobs.entityId, networkId),
            inArray(scheduledJobs.entityId, tx.select({ id: elections.id }).from(elections).where(eq(elections.networkId, networkId))),
            inArray(scheduledJobs.entityId, tx.select({ id: polls.id }).from(polls).where(eq(polls.networkId, networkId))),
            inArray(scheduledJobs.entityId, tx.select({ id: negotiations.id }).from(negotiations).where(eq(negotiations.networkId, networkId))),
          ),
        )
        .for('update');
      // Everything else hangs off the network with ON DELETE CASCADE, the channels' binding too.
      const gone = await tx.delete(networks).where(eq(networks.id, networkId)).returning({ id: networks.id });
      // A second click, or another process that still had the network cached: already deleted.
      if (gone.length === 0) throw new DomainError('network.not-set-up');
      // A worker that already took a job finds no row and skips it.
      if (jobs.length) await tx.delete(scheduledJobs).where(inArray(scheduledJobs.id, jobs.map((j) => j.id)));
      await writeAudit(tx, null, audit);
      this.forgetSpaces();
      return { cancelledJobs: jobs.filter((j) => j.state === 'pending').map((j) => j.id) };
    });
  }
}
