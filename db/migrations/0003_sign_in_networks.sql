CREATE TABLE "sign_in_networks" (
	"email" text NOT NULL,
	"network" text NOT NULL,
	"last_signed_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_networks_email_network_pk" PRIMARY KEY("email","network")
);
--> statement-breakpoint
ALTER TABLE "sign_in_networks" ADD CONSTRAINT "sign_in_networks_email_users_email_fk" FOREIGN KEY ("email") REFERENCES "public"."users"("email") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "sign_in_networks_last" ON "sign_in_networks" USING btree ("last_signed_in_at");