import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  replyTo?: string | null;
}

/** Where the outbox worker hands mail over. */
export interface MailTransport {
  name: 'smtp' | 'mailbox';
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

export function smtpTransport(url: string, from: string): MailTransport {
  // Bounded waits: a relay that stops answering fails the attempt (retried later) instead of
  // keeping the worker on one mail for good.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 });
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({ from, ...message, replyTo: message.replyTo ?? undefined, html: message.html ?? undefined });
    },
    close: () => transporter.close(),
  };
}

/**
 * Demo mode without SMTP: delivery is the outbox row itself, which the local mailbox page
 * (/mailbox, API origin) lists.
 */
export const mailboxTransport: MailTransport = { name: 'mailbox', send: async () => {} };
