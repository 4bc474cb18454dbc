CREATE INDEX "invoices_credited" ON "invoices" USING btree ("tenant_id","credited_invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_carried" ON "invoices" USING btree ("tenant_id","carried_to_invoice_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_invoice" ON "ledger_entries" USING btree ("tenant_id","invoice_id");