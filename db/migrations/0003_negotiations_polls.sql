CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"theme" text NOT NULL,
	"topic" text NOT NULL,
	"rank" integer NOT NULL,
	"votes" integer NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "negotiations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text,
	"link" text,
	"about" text,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"result_link" text,
	"result_summary" text,
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"card" jsonb,
	"discord_event_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poll_counts" (
	"poll_id" uuid NOT NULL,
	"option_seq" integer NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "poll_counts_poll_id_option_seq_pk" PRIMARY KEY("poll_id","option_seq")
);
--> statement-breakpoint
CREATE TABLE "poll_options" (
	"poll_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"suggested_by" text,
	"merged_into" integer,
	CONSTRAINT "poll_options_poll_id_seq_pk" PRIMARY KEY("poll_id","seq")
);
--> statement-breakpoint
CREATE TABLE "poll_participations" (
	"poll_id" uuid NOT NULL,
	"voter" text NOT NULL,
	CONSTRAINT "poll_participations_poll_id_voter_pk" PRIMARY KEY("poll_id","voter")
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"poll_id" uuid NOT NULL,
	"voter" text NOT NULL,
	"options" integer[] NOT NULL,
	CONSTRAINT "poll_votes_poll_id_voter_pk" PRIMARY KEY("poll_id","voter")
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"question" text NOT NULL,
	"theme" text NOT NULL,
	"phase" text NOT NULL,
	"pick" integer NOT NULL,
	"anonymous" boolean NOT NULL,
	"results" text NOT NULL,
	"suggest_until" timestamp with time zone,
	"vote_until" timestamp with time zone,
	"platform" text NOT NULL,
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"card" jsonb,
	"created_by" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD COLUMN "detail" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_counts" ADD CONSTRAINT "poll_counts_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_options" ADD CONSTRAINT "poll_options_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_participations" ADD CONSTRAINT "poll_participations_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_topic" ON "agenda_items" USING btree ("poll_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiations_seq" ON "negotiations" USING btree ("network_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "polls_seq" ON "polls" USING btree ("network_id","seq");