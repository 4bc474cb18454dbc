import { defineOnce } from '../base/define-once.js';
import { PortailAdminCalendar } from './portail-admin-calendar.js';
import { PortailAdminChildPlanning } from './portail-admin-child-planning.js';
import { PortailAdminDeadline } from './portail-admin-deadline.js';
import { PortailAdminEnrollments } from './portail-admin-enrollments.js';
import { PortailAdminHeadcounts } from './portail-admin-headcounts.js';
import { PortailAdminReasons } from './portail-admin-reasons.js';
import { PortailAdminRequests } from './portail-admin-requests.js';
import { PortailAdminServices } from './portail-admin-services.js';

/** The planning sections of the staff page (services, calendar, enrollments and bookings on behalf of a family, requests, headcounts). */
const elements: [string, CustomElementConstructor][] = [
  ['portail-admin-deadline', PortailAdminDeadline],
  ['portail-admin-services', PortailAdminServices],
  ['portail-admin-reasons', PortailAdminReasons],
  ['portail-admin-calendar', PortailAdminCalendar],
  ['portail-admin-child-planning', PortailAdminChildPlanning],
  ['portail-admin-enrollments', PortailAdminEnrollments],
  ['portail-admin-requests', PortailAdminRequests],
  ['portail-admin-headcounts', PortailAdminHeadcounts],
];
for (const [tag, element] of elements) defineOnce(tag, element);
