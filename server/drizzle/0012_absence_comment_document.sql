ALTER TABLE "bookings" ADD COLUMN "absence_comment" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "absence_document_id" uuid;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_absence_document_fk" FOREIGN KEY ("tenant_id","absence_document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_absence_details" CHECK ("bookings"."state" = 'absent' or ("bookings"."absence_comment" is null and "bookings"."absence_document_id" is null));
