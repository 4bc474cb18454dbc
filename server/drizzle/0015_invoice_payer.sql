ALTER TABLE "invoices" ADD COLUMN "payer_guardian_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payer_guardian_fk" FOREIGN KEY ("tenant_id","payer_guardian_id") REFERENCES "public"."guardians"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoices_payer_guardian" ON "invoices" USING btree ("tenant_id","payer_guardian_id");
