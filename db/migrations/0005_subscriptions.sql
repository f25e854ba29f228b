CREATE TABLE "bounces" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bounces_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subscriber_id" integer NOT NULL,
	"kind" text NOT NULL,
	"send_id" integer,
	"source" text NOT NULL,
	"detail" text NOT NULL,
	"report_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bounces_report_key_unique" UNIQUE("report_key"),
	CONSTRAINT "bounces_kind_known" CHECK ("bounces"."kind" in ('hard', 'soft', 'complaint')),
	CONSTRAINT "bounces_source_known" CHECK ("bounces"."source" in ('smtp', 'report'))
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"send_id" integer NOT NULL,
	"subscriber_id" integer NOT NULL,
	"email" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"leased_by" text,
	"message_id" text,
	"answer" text,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_status_known" CHECK ("deliveries"."status" in ('queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped')),
	CONSTRAINT "deliveries_sending_leased" CHECK ("deliveries"."status" <> 'sending' or "deliveries"."lease_until" is not null)
);
--> statement-breakpoint
CREATE TABLE "follows" (
	"user_id" text NOT NULL,
	"article_id" integer NOT NULL,
	"notified_through" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_user_id_article_id_pk" PRIMARY KEY("user_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "sends" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"issue_id" integer NOT NULL,
	"state" text NOT NULL,
	"started_by_id" text,
	"started_by_name" text NOT NULL,
	"scheduled_for" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"audience" integer DEFAULT 0 NOT NULL,
	"rate_per_second" integer NOT NULL,
	"failures_in_a_row" integer DEFAULT 0 NOT NULL,
	"pause_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sends_issue_id_unique" UNIQUE("issue_id"),
	CONSTRAINT "sends_state_known" CHECK ("sends"."state" in ('scheduled', 'late', 'sending', 'paused', 'cancelled', 'done')),
	CONSTRAINT "sends_rate_positive" CHECK ("sends"."rate_per_second" between 1 and 10000),
	CONSTRAINT "sends_scheduled_has_time" CHECK ("sends"."state" not in ('scheduled', 'late') or "sends"."scheduled_for" is not null)
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subscribers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"consent_source" text NOT NULL,
	"consent_wording" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_note" text,
	"confirmed_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscribers_email_unique" UNIQUE("email"),
	CONSTRAINT "subscribers_status_known" CHECK ("subscribers"."status" in ('pending', 'active', 'unsubscribed', 'bounced', 'complained')),
	CONSTRAINT "subscribers_email_lower" CHECK ("subscribers"."email" = lower("subscribers"."email")),
	CONSTRAINT "subscribers_active_confirmed" CHECK ("subscribers"."status" <> 'active' or "subscribers"."confirmed_at" is not null),
	CONSTRAINT "subscribers_wording_length" CHECK (char_length("subscribers"."consent_wording") between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "moderation_settings" ADD COLUMN "blocked_email_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bounces" ADD CONSTRAINT "bounces_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bounces" ADD CONSTRAINT "bounces_send_id_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."sends"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_send_id_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_started_by_id_users_id_fk" FOREIGN KEY ("started_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bounces_subscriber" ON "bounces" USING btree ("subscriber_id","created_at");--> statement-breakpoint
CREATE INDEX "bounces_send" ON "bounces" USING btree ("send_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_send_subscriber" ON "deliveries" USING btree ("send_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "deliveries_due" ON "deliveries" USING btree ("send_id","next_attempt_at","id") WHERE "deliveries"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "deliveries_leased" ON "deliveries" USING btree ("lease_until") WHERE "deliveries"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "deliveries_send_status" ON "deliveries" USING btree ("send_id","status","id");--> statement-breakpoint
CREATE INDEX "follows_article" ON "follows" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "sends_active" ON "sends" USING btree ("state") WHERE "sends"."state" in ('scheduled', 'late', 'sending', 'paused');--> statement-breakpoint
CREATE INDEX "subscribers_created" ON "subscribers" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "subscribers_status_created" ON "subscribers" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "responses_article_published" ON "responses" USING btree ("article_id","published_at") WHERE "responses"."status" = 'published';--> statement-breakpoint
-- Responses already published count as published when they were written; from now on a trigger stamps the first
-- time a response becomes published, whichever command does it (posting, approving, overturning).
UPDATE "responses" SET "published_at" = "created_at" WHERE "status" = 'published';--> statement-breakpoint
CREATE FUNCTION "responses_stamp_published"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" = 'published' AND NEW."published_at" IS NULL THEN
    NEW."published_at" := now();
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "responses_stamp_published" BEFORE INSERT OR UPDATE OF "status" ON "responses"
  FOR EACH ROW EXECUTE FUNCTION "responses_stamp_published"();
