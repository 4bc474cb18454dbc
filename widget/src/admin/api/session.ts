/** The staff member's session: login, logout, and the first connection through an activation link. */
import { request } from './client.js';
import type { MessageAnswer, StaffActivationBody, StaffLoginBody, StaffRole, StaffSessionInfo } from '../../../../server/src/contracts/staff/index.js';

export type { MessageAnswer, StaffRole, StaffSessionInfo };

export const getSession = (signal?: AbortSignal) => request<StaffSessionInfo>('get', 'session', { signal });
export const logIn = (email: string, password: string) => request<StaffSessionInfo>('post', 'session', { body: { email, password } satisfies StaffLoginBody });
export const logOut = () => request<void>('delete', 'session');
export const activateAccount = (token: string, password: string) => request<MessageAnswer>('post', 'activation', { body: { token, password } satisfies StaffActivationBody });
