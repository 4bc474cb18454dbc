ALTER TABLE "services" ADD COLUMN "start_time" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "end_time" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_hours" CHECK (("services"."start_time" is null) = ("services"."end_time" is null) and ("services"."start_time" is null or ("services"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "services"."end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "services"."start_time" < "services"."end_time")));--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"sealed_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "calendar_feeds_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "calendar_feeds_token_hash" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_one_live" ON "calendar_feeds" USING btree ("tenant_id","child_id") WHERE "calendar_feeds"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "calendar_feeds_family" ON "calendar_feeds" USING btree ("tenant_id","family_id");
