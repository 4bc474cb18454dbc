INSERT INTO "schools" ("tenant_id", "name") SELECT DISTINCT "tenant_id", "school" FROM "children" WHERE "school" IS NOT NULL ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "children" SET "school_id" = "schools"."id" FROM "schools" WHERE "schools"."tenant_id" = "children"."tenant_id" AND "schools"."name" = "children"."school";--> statement-breakpoint
ALTER TABLE "children" DROP COLUMN "school";
