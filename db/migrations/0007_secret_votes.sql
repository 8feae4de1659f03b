CREATE TABLE "election_sealed_ballots" (
	"election_id" uuid NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poll_sealed_picks" (
	"poll_id" uuid NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "election_sealed_ballots" ADD CONSTRAINT "election_sealed_ballots_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_sealed_picks" ADD CONSTRAINT "poll_sealed_picks_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "election_sealed_ballots_election" ON "election_sealed_ballots" USING btree ("election_id");--> statement-breakpoint
CREATE INDEX "poll_sealed_picks_poll" ON "poll_sealed_picks" USING btree ("poll_id");--> statement-breakpoint
-- Anonymous polls count at close only (their picks are sealed until then), so none shows live results.
UPDATE "polls" SET "results" = 'at-close' WHERE "anonymous";