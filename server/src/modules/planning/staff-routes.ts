import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { AppEnv } from '../../http/context.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, validationError } from '../../errors.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { isDayInRange, parisDay } from '../../domain/dates.js';
import { createReason, listReasons, updateReason } from './absence-reasons.js';
import { bookingWriteRoutes } from './booking-routes.js';
import { dayAttendance, dayHeadcounts, headcountsCsv, nextServiceDay } from './headcounts.js';
import { readPlanning } from './read.js';
import {
  closureBody,
  closureChange,
  dayRangeOf,
  decideBody,
  endBody,
  enrollmentBody,
  importBody,
  optionsBody,
  periodBody,
  periodChange,
  reasonBody,
  reasonChange,
  serviceBody,
  serviceChange,
} from './schemas.js';
import { townOf } from './scope.js';
import {
  applyImport,
  createClosure,
  createPeriod,
  deleteClosure,
  deletePeriod,
  listClosures,
  listPeriods,
  previewImport,
  readCalendarOptions,
  schoolYearHolidays,
  schoolYearOf,
  setAlsaceMoselle,
  updateClosure,
  updatePeriod,
} from './staff-calendar.js';
import { addEnrollment, childEnrollments, endEnrollment, searchChildren } from './staff-enrollments.js';
import { checkBookingsExist, decideRequests, requestQueue } from './staff-requests.js';
import { createService, deactivateService, listServices, listSchools, updateService } from './staff-services.js';

const MAX_ICS_BYTES = 1024 * 1024;
// JSON escapes every line break of the file (\r\n → 4 characters): a little room on top of 1 Mo.
const MAX_ICS_BODY = Math.ceil(MAX_ICS_BYTES * 1.25);
const ICS_TOO_LARGE = 'Le fichier du calendrier ne doit pas dépasser 1 Mo.';

/** The day asked for, or the next day on which children are expected: headcounts are prepared the day before. */
async function headcountDay(db: Db, tenantId: string, value: string | undefined, now: Date) {
  if (value === undefined || value === '') return nextServiceDay(db, tenantId, parisDay(now));
  if (!isDayInRange(value)) throw validationError({ day: 'Le jour doit être une date valide au format AAAA-MM-JJ.' });
  return value;
}

const icsLimit = bodyLimit({ maxBytes: MAX_ICS_BODY, code: 'fichier_trop_lourd', tooLarge: ICS_TOO_LARGE });

async function importBodyOf(c: Context<AppEnv>) {
  const body = await jsonBody(c, importBody);
  if (Buffer.byteLength(body.ics, 'utf8') > MAX_ICS_BYTES) throw new ApiError(413, 'fichier_trop_lourd', ICS_TOO_LARGE, { fields: { ics: ICS_TOO_LARGE } });
  return body;
}

interface SettingList<Input, Change> {
  list(db: Db, tenantId: string): Promise<object>;
  create(deps: Deps, staff: StaffContext, input: Input): Promise<object>;
  update(deps: Deps, staff: StaffContext, id: string, change: Change): Promise<object>;
  remove(deps: Deps, staff: StaffContext, id: string): Promise<object>;
}

/**
 * A list the commune sets up (services, periods, closures, absence reasons): every staff member
 * reads it, only admins add to it, change or remove its entries. Each write answers the new state.
 */
function settingListRoutes<I extends z.ZodType, C extends z.ZodType>(path: string, body: I, change: C, setting: SettingList<z.infer<I>, z.infer<C>>) {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get(path, async (c) => c.json(await setting.list(c.get('deps').database.db, c.get('staff').tenantId)))
    .post(path, admin, async (c) => c.json(await setting.create(c.get('deps'), c.get('staff'), await jsonBody(c, body)), 201))
    .patch(`${path}/:id`, admin, async (c) => {
      const id = idParam(c.req.param('id'));
      return c.json(await setting.update(c.get('deps'), c.get('staff'), id, await jsonBody(c, change)));
    })
    .delete(`${path}/:id`, admin, async (c) => c.json(await setting.remove(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))));
}

/**
 * Staff API of the planning, mounted behind requireStaff: agents run the day-to-day (enrollments,
 * bookings on behalf of a family, requests, headcounts); only admins change services, the calendar
 * and the absence reasons.
 */
export function planningStaffRoutes() {
  const admin = requireAdmin();
  return (
    new Hono<AppEnv>()
      // Services and schools
      .get('/schools', async (c) => c.json(await listSchools(c.get('deps').database.db, c.get('staff').tenantId)))
      .route('/', settingListRoutes('/services', serviceBody, serviceChange, { list: listServices, create: createService, update: updateService, remove: deactivateService }))

      // School calendar
      .route('/', settingListRoutes('/calendar/periods', periodBody, periodChange, { list: listPeriods, create: createPeriod, update: updatePeriod, remove: deletePeriod }))
      .route('/', settingListRoutes('/calendar/closures', closureBody, closureChange, { list: listClosures, create: createClosure, update: updateClosure, remove: deleteClosure }))
      .get('/calendar/options', async (c) => c.json(await readCalendarOptions(c.get('deps').database.db, c.get('staff').tenantId)))
      .patch('/calendar/options', admin, async (c) => c.json(await setAlsaceMoselle(c.get('deps'), c.get('staff'), (await jsonBody(c, optionsBody)).alsaceMoselle)))
      .get('/calendar/holidays', async (c) => {
        const deps = c.get('deps');
        const asked = c.req.query('schoolYear');
        if (asked !== undefined && !/^\d{4}$/.test(asked)) throw validationError({ schoolYear: 'L’année scolaire doit être une année sur quatre chiffres, par exemple 2026 pour 2026-2027.' });
        const year = asked === undefined ? schoolYearOf(parisDay(deps.clock.now())) : Number(asked);
        if (year < 2000 || year > 2100) throw validationError({ schoolYear: 'L’année scolaire doit être comprise entre 2000 et 2100.' });
        return c.json(await schoolYearHolidays(deps.database.db, c.get('staff').tenantId, year));
      })
      .post('/calendar/import/preview', admin, icsLimit, async (c) => {
        const body = await importBodyOf(c);
        return c.json(await previewImport(c.get('deps').database.db, c.get('staff').tenantId, body.ics, body.zone));
      })
      .post('/calendar/import', admin, icsLimit, async (c) => {
        const body = await importBodyOf(c);
        return c.json(await applyImport(c.get('deps'), c.get('staff'), body.ics, body.zone));
      })

      // Absence reasons: removing one only stops offering it, past absences keep their reason
      .route(
        '/',
        settingListRoutes('/absence-reasons', reasonBody, reasonChange, {
          list: listReasons,
          create: createReason,
          update: updateReason,
          remove: (deps, staff, id) => updateReason(deps, staff, id, { active: false }),
        }),
      )

      // Children and enrollments
      .get('/children', async (c) => {
        const query = (c.req.query('q') ?? '').trim();
        if (query.length < 2) throw validationError({ q: 'Tapez au moins deux lettres du prénom, du nom ou de la famille.' });
        if (query.length > 80) throw validationError({ q: 'La recherche est trop longue.' });
        return c.json(await searchChildren(c.get('deps').database.db, c.get('staff').tenantId, query));
      })
      .get('/children/:id/enrollments', async (c) => c.json(await childEnrollments(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
      .post('/children/:id/enrollments', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await addEnrollment(c.get('deps'), c.get('staff'), id, await jsonBody(c, enrollmentBody)), 201);
      })
      .post('/enrollments/:id/end', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await endEnrollment(c.get('deps'), c.get('staff'), id, (await jsonBody(c, endBody)).endDate));
      })
      .get('/children/:id/planning', async (c) => {
        const id = idParam(c.req.param('id'));
        const { from, to } = dayRangeOf(c.req.query());
        const staff = c.get('staff');
        return c.json(await readPlanning(c.get('deps'), staff.tenantId, { kind: 'staff', staffUserId: staff.staffUserId }, id, from, to));
      })

      // Bookings on behalf of a family (channel "mairie")
      .route(
        '/bookings',
        bookingWriteRoutes(async (c) => {
          const staff = c.get('staff');
          return { town: await townOf(c.get('deps').database.db, staff.tenantId), actor: { kind: 'staff', staffUserId: staff.staffUserId } };
        }),
      )

      // Request queue
      .get('/requests', async (c) => c.json(await requestQueue(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/requests/decide', async (c) => {
        const body = await jsonBody(c, decideBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        await checkBookingsExist(deps.database.db, staff.tenantId, body.bookingIds);
        const town = await townOf(deps.database.db, staff.tenantId);
        const outcomes = await decideRequests(deps, town, staff.staffUserId, body);
        return c.json({ outcomes, requests: await requestQueue(deps.database.db, staff.tenantId) });
      })

      // Headcounts
      .get('/headcounts', async (c) => {
        const deps = c.get('deps');
        const staff = c.get('staff');
        const day = await headcountDay(deps.database.db, staff.tenantId, c.req.query('day'), deps.clock.now());
        const [counts, names] = await Promise.all([dayHeadcounts(deps.database.db, staff.tenantId, day), dayAttendance(deps, staff, day)]);
        return c.json({ ...counts, children: names });
      })
      .get('/headcounts.csv', async (c) => {
        const deps = c.get('deps');
        const day = await headcountDay(deps.database.db, c.get('staff').tenantId, c.req.query('day'), deps.clock.now());
        const report = await dayHeadcounts(deps.database.db, c.get('staff').tenantId, day);
        return c.body(headcountsCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="effectifs-${day}.csv"`,
          'X-Content-Type-Options': 'nosniff',
        });
      })
  );
}
