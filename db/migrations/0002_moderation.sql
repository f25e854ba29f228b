CREATE TABLE "appeals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"response_id" integer NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "appeals_response_id_unique" UNIQUE("response_id"),
	CONSTRAINT "appeals_note_length" CHECK (char_length("appeals"."note") between 1 and 1000),
	CONSTRAINT "appeals_outcome_known" CHECK ("appeals"."outcome" is null or "appeals"."outcome" in ('upheld', 'overturned'))
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "moderation_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"actor_id" text,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"subject_id" text,
	"article_id" integer,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"default_responses_mode" text DEFAULT 'open' NOT NULL,
	"hold_first_responses" integer DEFAULT 1 NOT NULL,
	"banned_words" text[] DEFAULT '{}'::text[] NOT NULL,
	"suspect_words" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_links" integer DEFAULT 2 NOT NULL,
	"report_threshold" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_settings_single_row" CHECK ("moderation_settings"."id" = 1),
	CONSTRAINT "moderation_settings_mode_known" CHECK ("moderation_settings"."default_responses_mode" in ('open', 'premoderated', 'closed')),
	CONSTRAINT "moderation_settings_numbers" CHECK ("moderation_settings"."hold_first_responses" between 0 and 100 and "moderation_settings"."max_links" between 0 and 100 and "moderation_settings"."report_threshold" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"response_id" integer NOT NULL,
	"reporter_id" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "reports_reason_known" CHECK ("reports"."reason" in ('spam', 'abuse', 'off-topic', 'other')),
	CONSTRAINT "reports_other_has_note" CHECK ("reports"."reason" <> 'other' or char_length(coalesce("reports"."note", '')) between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "held_for" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "rejection_note" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "featured" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "banned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sanction_reason" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeals_open" ON "appeals" USING btree ("id") WHERE "appeals"."decided_at" is null;--> statement-breakpoint
CREATE INDEX "moderation_log_actor" ON "moderation_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "moderation_log_subject" ON "moderation_log" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "moderation_log_article" ON "moderation_log" USING btree ("article_id","id");--> statement-breakpoint
CREATE INDEX "moderation_log_action" ON "moderation_log" USING btree ("action","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_once_per_reader" ON "reports" USING btree ("response_id","reporter_id");--> statement-breakpoint
CREATE INDEX "reports_open" ON "reports" USING btree ("response_id") WHERE "reports"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "responses_status_id" ON "responses" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "users_staff" ON "users" USING btree ("role") WHERE "users"."role" <> 'reader';--> statement-breakpoint
CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
    AND ROW(NEW.id, NEW.actor_name, NEW.action, NEW.target_type, NEW.target_id, NEW.subject_id, NEW.article_id, NEW.reason, NEW.before, NEW.after, NEW.created_at)
      IS NOT DISTINCT FROM ROW(OLD.id, OLD.actor_name, OLD.action, OLD.target_type, OLD.target_id, OLD.subject_id, OLD.article_id, OLD.reason, OLD.before, OLD.after, OLD.created_at)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the moderation log is append-only: entries cannot be changed or deleted';
END
$$;
--> statement-breakpoint
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON "moderation_log" FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
--> statement-breakpoint
INSERT INTO "moderation_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
