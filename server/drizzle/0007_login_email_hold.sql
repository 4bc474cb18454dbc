ALTER TABLE "families" ADD COLUMN "email_changed_by_staff_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "email_before_staff_change" text;