CREATE TABLE "election_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"election_id" uuid NOT NULL,
	"ranking" integer[] NOT NULL,
	"receipt" text,
	"voter_key" text
);
--> statement-breakpoint
CREATE TABLE "election_candidates" (
	"election_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"user_id" text NOT NULL,
	"org" text,
	"state" text NOT NULL,
	CONSTRAINT "election_candidates_election_id_seq_pk" PRIMARY KEY("election_id","seq")
);
--> statement-breakpoint
CREATE TABLE "election_participations" (
	"election_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"cast_by" text NOT NULL,
	CONSTRAINT "election_participations_election_id_voter_key_pk" PRIMARY KEY("election_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "election_roll" (
	"election_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"label" text NOT NULL,
	"members" text[] NOT NULL,
	CONSTRAINT "election_roll_election_id_voter_key_pk" PRIMARY KEY("election_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"seats" integer NOT NULL,
	"method" text NOT NULL,
	"rule" text NOT NULL,
	"per" text NOT NULL,
	"secret" boolean NOT NULL,
	"phase" text DEFAULT 'nominating' NOT NULL,
	"nominate_until" timestamp with time zone,
	"vote_until" timestamp with time zone,
	"created_by" text NOT NULL,
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_keys" (
	"key" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD COLUMN "entity_id" uuid;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_participations" ADD CONSTRAINT "election_participations_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_roll" ADD CONSTRAINT "election_roll_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "election_candidates_user" ON "election_candidates" USING btree ("election_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "elections_seq" ON "elections" USING btree ("network_id","seq");