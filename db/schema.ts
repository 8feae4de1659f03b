import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A new random feed token (`gen_random_uuid` is a strong random source in Postgres 13+ and PGlite). */
export const FEED_TOKEN = sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`;

/** A welfare area's organisation network. */
export const networks = pgTable('networks', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaId: text('area_id').notNull(),
  lang: text('lang').notNull(),
  zone: text('zone').notNull(),
  reminderOffsets: integer('reminder_offsets').array().notNull(),
  budgetReminder: text('budget_reminder'),
  /** `setup results-page:on`: every election and poll of the network gets a public results page at close. */
  resultsPage: boolean('results_page').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The secret in the calendar feed's URL (the network id is no secret): 244 random bits, from the
   * database's strong random source; `negotiation feed-reset` draws a new one.
   */
  feedToken: text('feed_token').notNull().default(FEED_TOKEN),
});

/** A channel bound to a network: (platform, workspace or guild, channel). */
export const spaces = pgTable(
  'spaces',
  {
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspaceId, t.channelId] })],
);

/** A platform identity. */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [uniqueIndex('persons_identity').on(t.platform, t.workspaceId, t.userId)],
);

export const coordinators = pgTable(
  'coordinators',
  {
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => persons.id),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.personId] })],
);

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_name').on(t.networkId, sql`lower(${t.name})`)],
);

export const orgMembers = pgTable(
  'org_members',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => persons.id),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.personId] })],
);

/** Per-network counters behind the short ids people type (J1, R1, …). */
export const idCounters = pgTable(
  'id_counters',
  {
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    prefix: text('prefix').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.prefix] })],
);

export const joinRequests = pgTable(
  'join_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => persons.id),
    state: text('state').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('join_requests_seq').on(t.networkId, t.seq),
    // One open request per person and organisation: a double click cannot file two.
    uniqueIndex('join_requests_open').on(t.orgId, t.personId).where(sql`state = 'pending'`),
  ],
);

/** Every piece of scheduled work; its id is the BullMQ job id, so Redis can be rebuilt from here. */
export const scheduledJobs = pgTable(
  'scheduled_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** The row the job is about (an election, a negotiation, a poll, a network), where it is not linked from that row. */
    entityId: uuid('entity_id'),
    /** Which of an entity's jobs this is, e.g. a negotiation reminder's offset (`-86400`) or follow-up (`after-30d`). */
    detail: text('detail'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    state: text('state').notNull().default('pending'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** While a worker runs a pending job: until when no other worker may (see `runOnce`). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Why a `failed` job failed: the platform's refusal, or e.g. the bot's removal from its server. */
    failureReason: text('failure_reason'),
  },
  (t) => [
    index('scheduled_jobs_pending').on(t.dueAt).where(sql`state = 'pending'`),
    // Re-planning (a negotiation moved, a budget day changed) cancels an entity's pending jobs.
    index('scheduled_jobs_pending_entity').on(t.entityId).where(sql`state = 'pending'`),
  ],
);

export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    message: text('message').notNull(),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    createdBy: text('created_by').notNull(),
    jobId: uuid('job_id').notNull().unique().references(() => scheduledJobs.id),
  },
  (t) => [uniqueIndex('reminders_seq').on(t.networkId, t.seq)],
);

export const elections = pgTable(
  'elections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    seats: integer('seats').notNull(),
    method: text('method').notNull(),
    rule: text('rule').notNull(),
    per: text('per').notNull(),
    secret: boolean('secret').notNull(),
    /** `public:yes`: a public results page at close. */
    public: boolean('public').notNull().default(false),
    phase: text('phase').notNull().default('nominating'),
    nominateUntil: timestamp('nominate_until', { withTimezone: true }),
    voteUntil: timestamp('vote_until', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    result: jsonb('result'),
    /** Where the election's card was posted, to update it in place. */
    card: jsonb('card'),
    /** Issue #15: candidates stand with a personal deputy. */
    deputies: boolean('deputies').notNull().default(false),
    /** Issue #15: the gender balance rule, `none`, `pairs` or `forty`. */
    balance: text('balance').notNull().default('none'),
    /** Issue #15: the least share (percent) of the roll that must vote for a result; null = none. */
    quorum: integer('quorum'),
    /** Issue #15: the term the representatives are proposed for, as written (`2027–2028`). */
    term: text('term'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('elections_seq').on(t.networkId, t.seq)],
);

export const electionCandidates = pgTable(
  'election_candidates',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    userId: text('user_id').notNull(),
    org: text('org'),
    state: text('state').notNull(),
    /** Who nominated them (null for nominations made before this was kept): held to a per-person quota. */
    nominatedBy: text('nominated_by'),
    /** The nomination statement (≤ 500 characters), shown on the card, the ballot form and the proposal. */
    statement: text('statement'),
    /** Personal data: the gender the candidate stated when accepting (`woman`, `man`, `other`). */
    gender: text('gender'),
    /** The personal deputy (deputies:yes elections): who, their own answer and stated gender. */
    deputyUserId: text('deputy_user_id'),
    deputyState: text('deputy_state'),
    deputyGender: text('deputy_gender'),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.seq] }),
    uniqueIndex('election_candidates_user').on(t.electionId, t.userId),
    // A deputy is in one pair of an election at most.
    uniqueIndex('election_candidates_deputy').on(t.electionId, t.deputyUserId).where(sql`deputy_user_id is not null`),
  ],
);

/** Who may vote, frozen when voting opens. */
export const electionRoll = pgTable(
  'election_roll',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    label: text('label').notNull(),
    members: text('members').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.voterKey] })],
);

/** That a voter (organisation or person) has voted: unique per election, never linked to a ballot in secret elections. */
export const electionParticipations = pgTable(
  'election_participations',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    castBy: text('cast_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.voterKey] })],
);

/**
 * Ballots. A random id, no timestamp, no sequence; `voter_key` only for open elections. Secret
 * ballots come here only at close, opened from `election_sealed_ballots` and written in one
 * transaction ordered by receipt, so neither order nor xmin tells them apart.
 */
export const electionBallots = pgTable(
  'election_ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    electionId: uuid('election_id').notNull().references(() => elections.id, { onDelete: 'cascade' }),
    ranking: integer('ranking').array().notNull(),
    receipt: text('receipt'),
    voterKey: text('voter_key'),
  },
  // An open ballot is replaced in place (ON CONFLICT on this index), so two votes of one voter at once
  // still leave one ballot; secret ballots (no voter_key) are found by election.
  (t) => [uniqueIndex('election_ballots_open_voter').on(t.electionId, t.voterKey).where(sql`voter_key is not null`), index('election_ballots_election').on(t.electionId)],
);

/**
 * A secret election's ballots while it votes: each one sealed (ranking and receipt, see
 * `db/sealing.ts`), no voter, no id, no timestamp. Opened, moved to `election_ballots` and deleted at close.
 */
export const electionSealedBallots = pgTable(
  'election_sealed_ballots',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id, { onDelete: 'cascade' }),
    sealed: text('sealed').notNull(),
  },
  (t) => [index('election_sealed_ballots_election').on(t.electionId)],
);

/** Every vote request's idempotency key: a retried or double-clicked vote inserts nothing. */
export const voteKeys = pgTable(
  'vote_keys',
  {
    key: text('key').primaryKey(),
    // Retries and double clicks come within minutes; older keys are pruned (see pruneVoteKeys).
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('vote_keys_created_at').on(t.createdAt)],
);

/** A welfare area's negotiation (HYTE), as announced to the network. */
export const negotiations = pgTable(
  'negotiations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    place: text('place'),
    link: text('link'),
    about: text('about'),
    /** `scheduled` or `cancelled`. */
    state: text('state').notNull().default('scheduled'),
    resultLink: text('result_link'),
    resultSummary: text('result_summary'),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** The announcement card, updated in place. */
    card: jsonb('card'),
    /** The Discord guild scheduled event mirroring it, when the network is on Discord. */
    discordEventId: text('discord_event_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised by every change a calendar shows (edit, cancel, result): the events' iCalendar SEQUENCE. */
    revision: integer('revision').notNull().default(0),
  },
  (t) => [uniqueIndex('negotiations_seq').on(t.networkId, t.seq)],
);

/** A topic poll: suggestions under a theme, then voting, then the agenda. */
export const polls = pgTable(
  'polls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    question: text('question').notNull(),
    /** goals | measures | cooperation | follow-up */
    theme: text('theme').notNull(),
    /** suggesting | voting | closed */
    phase: text('phase').notNull(),
    pick: integer('pick').notNull(),
    anonymous: boolean('anonymous').notNull(),
    /** `public:yes`: a public results page at close. */
    public: boolean('public').notNull().default(false),
    /** live | at-close */
    results: text('results').notNull(),
    suggestUntil: timestamp('suggest_until', { withTimezone: true }),
    voteUntil: timestamp('vote_until', { withTimezone: true }),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    card: jsonb('card'),
    createdBy: text('created_by').notNull(),
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('polls_seq').on(t.networkId, t.seq)],
);

export const pollOptions = pgTable(
  'poll_options',
  {
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    suggestedBy: text('suggested_by'),
    /** Set when a coordinator merged this duplicate into another option. */
    mergedInto: integer('merged_into'),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.seq] })],
);

/** A named poll vote (not anonymous): who picked which options; replaced by a later vote. */
export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    voter: text('voter').notNull(),
    options: integer('options').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.voter] })],
);

/** Anonymous polls: that someone voted (unique per poll), never what. */
export const pollParticipations = pgTable(
  'poll_participations',
  {
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    voter: text('voter').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.voter] })],
);

/** Anonymous polls while they vote: each voter's picks sealed (see `db/sealing.ts`); counted and deleted at close. */
export const pollSealedPicks = pgTable(
  'poll_sealed_picks',
  {
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    sealed: text('sealed').notNull(),
  },
  (t) => [index('poll_sealed_picks_poll').on(t.pollId)],
);

/** Anonymous polls: counts per option, with no link to voters; written once, at close. */
export const pollCounts = pgTable(
  'poll_counts',
  {
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    optionSeq: integer('option_seq').notNull(),
    votes: integer('votes').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.optionSeq] })],
);

/** The network's agenda: topics chosen in polls, by theme, for its next negotiation. */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    pollId: uuid('poll_id').notNull().references(() => polls.id, { onDelete: 'cascade' }),
    theme: text('theme').notNull(),
    topic: text('topic').notNull(),
    rank: integer('rank').notNull(),
    votes: integer('votes').notNull(),
    /** What became of the topic, recorded at the follow-up. */
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agenda_items_topic').on(t.pollId, t.rank)],
);

/** Who changed what, for coordinators to read. */
export const auditLog = pgTable('audit_log', {
  id: uuid('id').primaryKey().defaultRandom(),
  networkId: uuid('network_id').references(() => networks.id, { onDelete: 'cascade' }),
  platform: text('platform').notNull(),
  userId: text('user_id').notNull(),
  action: text('action').notNull(),
  detail: jsonb('detail'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A Slack installation (OAuth v2), one row per install: a workspace's (`team_id`, with its Enterprise
 * Grid organisation's `enterprise_id` when it has one) or an org-wide one (`team_id` ''). Absent ids
 * are '' so the key has no nulls. `sealed` is Bolt's whole `Installation` (tokens, refresh token,
 * expiry) encrypted by `text-sealing.ts`; only the keys are in clear.
 */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    enterpriseId: text('enterprise_id').notNull().default(''),
    teamId: text('team_id').notNull().default(''),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
    sealed: text('sealed').notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Requests and deliveries look a workspace's installation up by its team id alone (unique across Slack).
  (t) => [primaryKey({ columns: [t.enterpriseId, t.teamId] }), index('slack_installations_team').on(t.teamId)],
);

/**
 * The workspaces of Enterprise Grid organisations seen using an org-wide installation: a job knows
 * its workspace (team) only, and this says which organisation's installation serves it.
 */
export const slackOrgTeams = pgTable('slack_org_teams', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id').notNull(),
});

/**
 * A public results page (`GET /r/<id>`): the snapshot taken at close, never changed after; taking the
 * page down deletes the row. `id` is 128 random bits in base64url, the page's only key.
 */
export const publishedResults = pgTable('published_results', {
  id: text('id').primaryKey(),
  networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
  electionId: uuid('election_id').unique().references(() => elections.id, { onDelete: 'cascade' }),
  pollId: uuid('poll_id').unique().references(() => polls.id, { onDelete: 'cascade' }),
  /** Null once taken down: the ballots leave with it, the row stays so the page is not published again. */
  snapshot: jsonb('snapshot'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  takenDownAt: timestamp('taken_down_at', { withTimezone: true }),
});
