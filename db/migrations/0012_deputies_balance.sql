ALTER TABLE "election_candidates" ADD COLUMN "statement" text;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD COLUMN "deputy_user_id" text;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD COLUMN "deputy_state" text;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD COLUMN "deputy_gender" text;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "deputies" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "balance" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "quorum" integer;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "term" text;--> statement-breakpoint
CREATE UNIQUE INDEX "election_candidates_deputy" ON "election_candidates" USING btree ("election_id","deputy_user_id") WHERE deputy_user_id is not null;