/**
 * Reading the cagnotte: a family's accounts (one per régie, every movement with the balance after
 * it, the day a credit comes from), and the town's balances per family and régie. The balance is
 * always the sum of the movements: nothing else holds it.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { notFound } from '../../errors.js';
import type { Cagnotte, CagnotteAccount, CagnotteEntry, CagnotteMovementKind } from '../../contracts/index.js';
import type { CagnotteBalance, FamilyCagnotte, StaffCagnotteEntry } from '../../contracts/staff/index.js';

interface MovementRow {
  id: string;
  regie_id: string;
  regie_code: string;
  regie_name: string;
  kind: CagnotteMovementKind;
  label: string;
  amount_cents: number;
  created_at: string | Date;
  note: string | null;
  basket_id: string | null;
  day: string | null;
  service_label: string | null;
  first_name: string | null;
  flagged: boolean;
  staff_name: string | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/**
 * The family's cagnotte, every régie where it ever moved, movements oldest first (GET /cagnotte);
 * of two movements at the same instant the credit comes first, so no balance shows below zero.
 */
export function readCagnotte(db: Db | Tx, tenantId: string, familyId: string): Promise<Cagnotte> {
  return readAccounts<CagnotteEntry>(db, tenantId, familyId, (entry) => entry);
}

/** The same as staff read it: who wrote each correction, and the movements the régie must look at. */
export function readStaffCagnotte(db: Db | Tx, tenantId: string, familyId: string): Promise<Cagnotte<StaffCagnotteEntry>> {
  return readAccounts<StaffCagnotteEntry>(db, tenantId, familyId, (entry, row) => ({ ...entry, flagged: row.flagged, staffName: row.staff_name }));
}

async function readAccounts<Entry extends CagnotteEntry>(db: Db | Tx, tenantId: string, familyId: string, shape: (entry: CagnotteEntry, row: MovementRow) => Entry): Promise<Cagnotte<Entry>> {
  const rows = await rowsOf<MovementRow>(
    db,
    sql`
      select m.id, m.regie_id, r.code as regie_code, r.name as regie_name, m.kind, m.label, m.amount_cents, m.created_at, m.note, m.basket_id,
             b.day::text as day, s.label as service_label, c.first_name, m.flagged, u.display_name as staff_name
        from cagnotte_movements m
        join regies r on r.tenant_id = m.tenant_id and r.id = m.regie_id
        left join bookings b on b.tenant_id = m.tenant_id and b.id = m.booking_id
        left join services s on s.tenant_id = b.tenant_id and s.id = b.service_id
        left join children c on c.tenant_id = b.tenant_id and c.id = b.child_id
        left join staff_users u on u.tenant_id = m.tenant_id and u.id = m.staff_user_id
       where m.tenant_id = ${tenantId} and m.family_id = ${familyId}
       order by r.name, r.id, m.created_at, (m.amount_cents < 0), m.id`,
  );
  const accounts = new Map<string, CagnotteAccount<Entry>>();
  for (const row of rows) {
    let account = accounts.get(row.regie_id);
    if (!account) {
      account = { regie: { id: row.regie_id, code: row.regie_code, name: row.regie_name }, balanceCents: 0, movements: [] };
      accounts.set(row.regie_id, account);
    }
    account.balanceCents += Number(row.amount_cents);
    const entry: CagnotteEntry = {
      id: row.id,
      regie: { code: row.regie_code, name: row.regie_name },
      at: iso(row.created_at),
      kind: row.kind,
      label: row.label,
      amountCents: Number(row.amount_cents),
      balanceCents: account.balanceCents,
      day: row.day && row.service_label && row.first_name ? { date: row.day, serviceLabel: row.service_label, childName: row.first_name } : null,
      basketId: row.basket_id,
      note: row.note,
    };
    account.movements.push(shape(entry, row));
  }
  const list = [...accounts.values()];
  return { balanceCents: list.reduce((sum, a) => sum + a.balanceCents, 0), accounts: list };
}

/** A family of the commune, or 404 (another commune's family does not exist here). */
export async function familyOf(db: Db | Tx, tenantId: string, familyId: string) {
  const [family] = await rowsOf<{ id: string; number: string; name: string }>(
    db,
    sql`select id, family_number as number, name from families where tenant_id = ${tenantId} and id = ${familyId}`,
  );
  if (!family) throw notFound('Cette famille est introuvable.');
  return family;
}

/** GET /families/{id}/cagnotte (staff): the family's cagnotte as it sees it. */
export async function readFamilyCagnotte(db: Db, tenantId: string, familyId: string): Promise<FamilyCagnotte> {
  const family = await familyOf(db, tenantId, familyId);
  return { family, ...(await readStaffCagnotte(db, tenantId, familyId)) };
}

/** GET /cagnotte/balances (staff): every non-empty cagnotte of the commune, largest first; one régie when asked. */
export async function listBalances(db: Db, tenantId: string, regieId?: string): Promise<CagnotteBalance[]> {
  const rows = await rowsOf<{ family_id: string; number: string; name: string; regie_id: string; code: string; regie_name: string; balance: number; last_at: string | Date }>(
    db,
    sql`
      select m.family_id, f.family_number as number, f.name, m.regie_id, r.code, r.name as regie_name,
             sum(m.amount_cents)::int as balance, max(m.created_at) as last_at
        from cagnotte_movements m
        join families f on f.tenant_id = m.tenant_id and f.id = m.family_id
        join regies r on r.tenant_id = m.tenant_id and r.id = m.regie_id
       where m.tenant_id = ${tenantId} and (${regieId ?? null}::uuid is null or m.regie_id = ${regieId ?? null}::uuid)
       group by m.family_id, f.family_number, f.name, m.regie_id, r.code, r.name
      having sum(m.amount_cents) <> 0
       order by sum(m.amount_cents) desc, f.family_number, r.code`,
  );
  return rows.map((r) => ({
    family: { id: r.family_id, number: r.number, name: r.name },
    regie: { id: r.regie_id, code: r.code, name: r.regie_name },
    balanceCents: Number(r.balance),
    lastMovementAt: iso(r.last_at),
  }));
}
