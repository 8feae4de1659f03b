CREATE TABLE "slack_installations" (
	"enterprise_id" text DEFAULT '' NOT NULL,
	"team_id" text DEFAULT '' NOT NULL,
	"is_enterprise_install" boolean NOT NULL,
	"sealed" text NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_installations_enterprise_id_team_id_pk" PRIMARY KEY("enterprise_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "slack_org_teams" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "slack_installations_team" ON "slack_installations" USING btree ("team_id");