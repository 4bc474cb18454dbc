import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type * as Contract from '../../contracts/index.js';
import { rowsOf } from '../../db/rows.js';
import { formatDayLong, parisDay, addDays } from '../../domain/dates.js';
import { GROUP_LABELS, type FamilyGroup } from '../families/policy.js';
import { TYPE_LABELS, type DocumentType } from '../documents/service.js';
import { waitlistPosition } from '../planning/capacity.js';

/**
 * "Mes demandes": every request of the family and where it stands, read from where each lives
 * (family-file changes, documents, bookings, waiting lists, conversations). Those still waiting,
 * and those decided in the last 30 days with their outcome.
 */

const RECENT_DAYS = 30;

const KIND_LABELS: Record<Contract.RequestKind, string> = {
  family_change: 'Modification du dossier',
  document: 'Document',
  booking_request: 'Demande de réservation',
  waitlist: 'Liste d’attente',
  message: 'Message',
};

const STATE_LABELS: Record<Contract.RequestKind, Partial<Record<Contract.RequestState, string>>> = {
  family_change: { pending: 'En attente de validation', accepted: 'Validée', refused: 'Refusée' },
  document: { pending: 'En cours de vérification', accepted: 'Accepté', refused: 'Refusé' },
  booking_request: { pending: 'En attente d’accord', accepted: 'Acceptée', refused: 'Refusée', waitlisted: 'Acceptée, en liste d’attente' },
  waitlist: { waitlisted: 'En liste d’attente' },
  message: { pending: 'En attente de réponse', answered: 'Répondu' },
};

const iso = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

function item(kind: Contract.RequestKind, id: string, fields: Omit<Contract.MyRequest, 'key' | 'kind' | 'kindLabel' | 'stateLabel'>): Contract.MyRequest {
  return { key: `${kind}:${id}`, kind, kindLabel: KIND_LABELS[kind], ...fields, stateLabel: STATE_LABELS[kind][fields.state] ?? '' };
}

const childSuffix = (name: string | null) => (name ? ` – ${name}` : '');

export async function myRequests(deps: Deps, tenantId: string, familyId: string): Promise<Contract.MyRequest[]> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const today = parisDay(now);

  const changes = await rowsOf<{ id: string; field_group: string; child: string | null; status: 'pending' | 'accepted' | 'refused'; requested_at: string; decided_at: string | null; decision_note: string | null }>(
    db,
    sql`select r.id, r.field_group, ch.first_name as child, r.status, r.requested_at, r.decided_at, r.decision_note
      from change_requests r left join children ch on ch.tenant_id = r.tenant_id and ch.id = r.child_id
      where r.tenant_id = ${tenantId} and r.family_id = ${familyId} and (r.status = 'pending' or r.decided_at >= ${since}::timestamptz)`,
  );
  const docs = await rowsOf<{ id: string; type: string; title: string; status: 'pending' | 'accepted' | 'rejected'; uploaded_at: string; decided_at: string | null; rejection_reason: string | null }>(
    db,
    sql`select id, type, title, status, uploaded_at, decided_at, rejection_reason from documents
      where tenant_id = ${tenantId} and family_id = ${familyId} and (status = 'pending' or (status in ('accepted', 'rejected') and decided_at >= ${since}::timestamptz))`,
  );
  const asked = await rowsOf<{ id: string; child_id: string; child: string; service: string; day: string; state: string; position: number | null; created_at: string }>(
    db,
    sql`select b.id, b.child_id, ch.first_name as child, s.label as service, b.day::text as day, b.state, case when b.state = 'waitlisted' then ${waitlistPosition} end as position,
        coalesce((select min(e.at) from booking_events e where e.tenant_id = b.tenant_id and e.booking_id = b.id and e.to_state = b.state), b.updated_at) as created_at
      from bookings b
      join children ch on ch.tenant_id = b.tenant_id and ch.id = b.child_id
      join services s on s.tenant_id = b.tenant_id and s.id = b.service_id
      where b.tenant_id = ${tenantId} and ch.family_id = ${familyId} and b.state in ('requested', 'waitlisted') and b.day >= ${today}
      order by b.day limit 200`,
  );
  const decided = await rowsOf<{ id: string; child_id: string; child: string; service: string; day: string; to_state: 'booked' | 'refused' | 'waitlisted'; at: string; asked_at: string | null }>(
    db,
    sql`select e.id, b.child_id, ch.first_name as child, s.label as service, b.day::text as day, e.to_state, e.at,
        (select max(r.at) from booking_events r where r.tenant_id = e.tenant_id and r.booking_id = e.booking_id and r.to_state = 'requested' and r.at <= e.at) as asked_at
      from booking_events e
      join bookings b on b.tenant_id = e.tenant_id and b.id = e.booking_id
      join children ch on ch.tenant_id = b.tenant_id and ch.id = b.child_id
      join services s on s.tenant_id = b.tenant_id and s.id = b.service_id
      where e.tenant_id = ${tenantId} and ch.family_id = ${familyId} and e.from_state = 'requested' and e.to_state in ('booked', 'refused', 'waitlisted')
        and e.at >= ${since}::timestamptz and b.day >= ${addDays(today, -RECENT_DAYS)}
      order by e.at desc limit 200`,
  );
  const talks = await rowsOf<{ id: string; subject: string; status: string; last_author: string; created_at: string; last_message_at: string }>(
    db,
    sql`select id, subject, status, last_author, created_at, last_message_at from conversations
      where tenant_id = ${tenantId} and family_id = ${familyId} and started_by = 'family'
        and ((status = 'open' and last_author = 'family') or (last_author = 'town' and last_message_at >= ${since}::timestamptz))`,
  );

  const bookingLabel = (row: { service: string; child: string; day: string }) => `${row.service} – ${row.child} – ${formatDayLong(row.day)}`;
  const list: Contract.MyRequest[] = [
    ...changes.map((r) =>
      item('family_change', r.id, {
        label: `${GROUP_LABELS[r.field_group as FamilyGroup] ?? r.field_group}${childSuffix(r.child)}`,
        state: r.status,
        requestedAt: iso(r.requested_at)!,
        decidedAt: iso(r.decided_at),
        outcome: r.decision_note,
        position: null,
        day: null,
        target: 'famille',
        targetId: null,
      }),
    ),
    ...docs.map((r) =>
      item('document', r.id, {
        label: `${TYPE_LABELS[r.type as DocumentType] ?? r.type} – ${r.title}`,
        state: r.status === 'rejected' ? 'refused' : r.status,
        requestedAt: iso(r.uploaded_at)!,
        decidedAt: iso(r.decided_at),
        outcome: r.rejection_reason,
        position: null,
        day: null,
        target: 'documents',
        targetId: r.id,
      }),
    ),
    ...asked.map((r) =>
      r.state === 'waitlisted'
        ? item('waitlist', r.id, { label: bookingLabel(r), state: 'waitlisted', requestedAt: iso(r.created_at)!, decidedAt: null, outcome: null, position: r.position, day: r.day, target: 'planning', targetId: r.child_id })
        : item('booking_request', r.id, { label: bookingLabel(r), state: 'pending', requestedAt: iso(r.created_at)!, decidedAt: null, outcome: null, position: null, day: r.day, target: 'planning', targetId: r.child_id }),
    ),
    ...decided.map((r) =>
      item('booking_request', r.id, {
        label: bookingLabel(r),
        state: r.to_state === 'booked' ? 'accepted' : r.to_state,
        requestedAt: iso(r.asked_at ?? r.at)!,
        decidedAt: iso(r.at),
        outcome: null,
        position: null,
        day: r.day,
        target: 'planning',
        targetId: r.child_id,
      }),
    ),
    ...talks.map((r) =>
      item('message', r.id, {
        label: r.subject,
        state: r.last_author === 'family' && r.status === 'open' ? 'pending' : 'answered',
        requestedAt: iso(r.created_at)!,
        decidedAt: r.last_author === 'town' ? iso(r.last_message_at) : null,
        outcome: null,
        position: null,
        day: null,
        target: 'messages',
        targetId: r.id,
      }),
    ),
  ];
  return list.sort((a, b) => (b.decidedAt ?? b.requestedAt).localeCompare(a.decidedAt ?? a.requestedAt) || a.key.localeCompare(b.key));
}
