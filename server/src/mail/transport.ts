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
  const transporter = nodemailer.createTransport(url);
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
