import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A welfare area's organisation network. */
export const networks = pgTable('networks', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaId: text('area_id').notNull(),
  lang: text('lang').notNull(),
  zone: text('zone').notNull(),
  reminderOffsets: integer('reminder_offsets').array().notNull(),
  budgetReminder: text('budget_reminder'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    state: text('state').notNull().default('pending'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('scheduled_jobs_pending').on(t.dueAt).where(sql`state = 'pending'`)],
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
