-- Open ballots become unique per voter; keep one of any duplicates a race may have left.
DELETE FROM "election_ballots" a USING "election_ballots" b WHERE a.voter_key IS NOT NULL AND a.election_id = b.election_id AND a.voter_key = b.voter_key AND a.id < b.id;--> statement-breakpoint
ALTER TABLE "vote_keys" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "election_ballots_open_voter" ON "election_ballots" USING btree ("election_id","voter_key") WHERE voter_key is not null;--> statement-breakpoint
CREATE INDEX "election_ballots_election" ON "election_ballots" USING btree ("election_id");--> statement-breakpoint
CREATE INDEX "vote_keys_created_at" ON "vote_keys" USING btree ("created_at");