CREATE TABLE "article_addresses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "article_addresses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"date" date NOT NULL,
	"slug" text NOT NULL,
	"article_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "article_autosaves" (
	"article_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"base_version" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "article_autosaves_article_id_user_id_pk" PRIMARY KEY("article_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "article_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "article_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"restored_from_id" integer,
	"saved_by_id" text,
	"saved_by_name" text NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"standfirst" text NOT NULL,
	"body" text NOT NULL,
	"invitation" text NOT NULL,
	"author_id" integer,
	"responses_mode" text NOT NULL,
	"responses_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "article_revisions_kind_known" CHECK ("article_revisions"."kind" in ('save', 'restore', 'import'))
);
--> statement-breakpoint
CREATE TABLE "issue_addresses" (
	"date" date PRIMARY KEY NOT NULL,
	"issue_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "articles" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "invitation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "status" text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "unpublished_note" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "authors" ADD COLUMN "bio" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "number" integer;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "article_addresses" ADD CONSTRAINT "article_addresses_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_autosaves" ADD CONSTRAINT "article_autosaves_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_autosaves" ADD CONSTRAINT "article_autosaves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_restored_from_id_article_revisions_id_fk" FOREIGN KEY ("restored_from_id") REFERENCES "public"."article_revisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_saved_by_id_users_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_addresses" ADD CONSTRAINT "issue_addresses_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "article_addresses_date_slug" ON "article_addresses" USING btree ("date","slug");--> statement-breakpoint
CREATE INDEX "article_addresses_article" ON "article_addresses" USING btree ("article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "article_revisions_version" ON "article_revisions" USING btree ("article_id","version");--> statement-breakpoint
CREATE INDEX "issue_addresses_issue" ON "issue_addresses" USING btree ("issue_id");--> statement-breakpoint
CREATE INDEX "issues_date_desc" ON "issues" USING btree ("date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "responses_search" ON "responses" USING gin ("search") WHERE "responses"."status" = 'published';--> statement-breakpoint
-- Articles of published issues were read on the site: they are published, since their issue was.
UPDATE "articles" AS a SET "status" = 'published', "published_at" = i."published_at" FROM "issues" AS i WHERE i."id" = a."issue_id" AND i."status" = 'published';--> statement-breakpoint
-- Nothing scheduled an issue before this migration; a stray one goes back to draft rather than break the check.
UPDATE "issues" SET "status" = 'draft' WHERE "status" = 'scheduled' AND "scheduled_for" IS NULL;--> statement-breakpoint
-- The closing invitation was the body's last paragraph ("… we would like to hear from you"): it moves to its field.
UPDATE "articles" AS a SET "invitation" = m."found"[1], "body" = rtrim(left(a."body", length(a."body") - length(m."whole"[1])))
FROM (SELECT "id", regexp_match("body", '\n[ \t]*\n[ \t]*([^\n]*\mhear from you\M[^\n]*?)\s*$', 'i') AS "found", regexp_match("body", '(\n[ \t]*\n[ \t]*[^\n]*\mhear from you\M[^\n]*?\s*)$', 'i') AS "whole" FROM "articles") AS m
WHERE m."id" = a."id" AND m."found" IS NOT NULL;--> statement-breakpoint
-- Every article's history starts with what it is now.
INSERT INTO "article_revisions" ("article_id", "version", "kind", "saved_by_name", "title", "slug", "standfirst", "body", "invitation", "author_id", "responses_mode", "responses_note", "created_at")
SELECT "id", "version", 'import', 'the import', "title", "slug", "standfirst", "body", "invitation", "author_id", "responses_mode", "responses_note", "updated_at" FROM "articles";--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_number_unique" UNIQUE("number");--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_status_known" CHECK ("articles"."status" in ('draft', 'published', 'unpublished'));--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_published_has_time" CHECK ("articles"."status" = 'draft' or "articles"."published_at" is not null);--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_version_positive" CHECK ("articles"."version" > 0);--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_published_has_author" CHECK ("articles"."status" = 'draft' or "articles"."author_id" is not null);--> statement-breakpoint
ALTER TABLE "authors" ADD CONSTRAINT "authors_bio_length" CHECK (char_length("authors"."bio") <= 2000);--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_scheduled_has_time" CHECK (("issues"."status" = 'scheduled') = ("issues"."scheduled_for" is not null));--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_number_positive" CHECK ("issues"."number" is null or "issues"."number" > 0);--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_summary_length" CHECK (char_length("issues"."summary") <= 2000);