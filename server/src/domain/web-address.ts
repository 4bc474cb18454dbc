/** Hosts of this machine: the only ones where plain http is accepted (the demo and tests). */
export const isLocalHost = (host: string) => ['localhost', '127.0.0.1', '[::1]'].includes(host);
