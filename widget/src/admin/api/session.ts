/** The staff member's session: login, logout, and the first connection through an activation link. */
import { request } from './client.js';

export type StaffRole = 'admin' | 'agent';

export interface StaffSessionInfo {
  staff: { id: string; email: string; displayName: string; role: StaffRole };
  tenant: { name: string };
  idleExpiresAt: string;
  expiresAt: string;
}

export const getSession = (signal?: AbortSignal) => request<StaffSessionInfo>('get', 'session', { signal });
export const logIn = (email: string, password: string) => request<StaffSessionInfo>('post', 'session', { body: { email, password } });
export const logOut = () => request<void>('delete', 'session');
export const activateAccount = (token: string, password: string) => request<{ message: string }>('post', 'activation', { body: { token, password } });
