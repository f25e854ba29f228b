ALTER TABLE "responses" ADD COLUMN "reply_notified_at" timestamp with time zone;--> statement-breakpoint
-- Replies published before this migration were announced when they were posted (by the request itself): marked, so
-- that approving one again after reports does not announce it twice. Held replies stay unmarked: approving them
-- announces them now.
UPDATE "responses" SET "reply_notified_at" = "created_at" WHERE "reply_to_id" IS NOT NULL AND "status" = 'published';--> statement-breakpoint
CREATE INDEX "sessions_expires" ON "sessions" USING btree ("expires");--> statement-breakpoint
CREATE INDEX "verification_tokens_expires" ON "verification_tokens" USING btree ("expires");
