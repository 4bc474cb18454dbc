/**
 * PayFiP sandbox: the DGFiP web service (SOAP 1.1 `creerPaiementSecurise` /
 * `recupererDetailPaiementSecurise` / `recupererDetailClient`), its payment page
 * (`paiementws.web?idop=`), and the legacy TIPI form (`paiement.web?numcli=…`), at the same paths
 * as www.payfip.gouv.fr.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { SANDBOX_PAYFIP } from './keys.js';
import { callServer, DECISIONS, errorPage, formEntries, isAbsoluteHttpUrl, parisParts, PAYFIP, paymentPage, renderPage, SessionStore, withQuery, type Decision, type SandboxContext } from './page.js';
import { child, namespaceOf, parseXml, XmlError, xmlEscape, type XmlElement } from './xml.js';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SERVICE_NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
const FONCTIONNELLE = 'fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur';
/** The payment page can be opened for 15 minutes after creerPaiementSecurise. */
const IDOP_VALIDITY_MS = 15 * 60_000;
const MAX_SOAP_BYTES = 64 * 1024;

type Resultrans = 'P' | 'R' | 'A';
const RESULTRANS: Record<Decision, Resultrans> = { paid: 'P', refused: 'R', cancelled: 'A' };

interface Debt {
  numcli: string;
  exer: string;
  refdet: string;
  objet: string;
  montant: string;
  mel: string;
  saisie: string;
}

interface Operation extends Debt {
  idOp: string;
  urlnotif: string;
  urlredirect: string;
  createdAt: Date;
  decision?: { resultrans: Resultrans; numauto: string; at: Date };
}

interface TipiSession extends Debt {
  id: string;
  urlcl: string;
  createdAt: Date;
  decided: boolean;
}

interface PayfipError {
  code: string;
  libelle: string;
}

const err = (code: string, libelle: string): PayfipError => ({ code, libelle });

/** The checks of the DGFiP platform on a debt, with its error codes. */
function checkDebt(fields: Record<string, string | undefined>, saisies: string[], maxCents: number): PayfipError | Debt {
  const { numcli = '', exer, refdet = '', objet = '', montant = '', mel = '', saisie = '' } = fields;
  if (!/^\d{6}$/.test(numcli)) return err('T1', 'Numéro client invalide');
  if (!(numcli in SANDBOX_PAYFIP.clients)) return err('T2', 'Le N° du client doit être pré-existant dans la base PayFiP');
  if (exer && !/^\d{4}$/.test(exer)) return err('E1', 'Le format du paramètre EXER n’est pas conforme');
  if (!/^\d{1,10}$/.test(montant)) return err('M1', 'Le format du montant n’est pas correct');
  if (Number(montant) < 100) return err('M3', 'Montant minimum 1€ requis');
  if (Number(montant) > maxCents) return err('M5', 'Montant dépasse la limite autorisée');
  if (!/^[A-Za-z0-9]{6,30}$/.test(refdet)) return err('R3', 'Le format du paramètre REFDET n’est pas conforme');
  if (!/^[A-Za-z0-9 ]{0,100}$/.test(objet)) return err('O1', 'Le format du paramètre OBJET n’est pas conforme');
  if (mel === '') return err('A1', 'Adresse email non renseignée');
  if (!mel.includes('@') || mel.length < 6 || mel.length > 80) return err('A2', 'L’adresse email est incorrecte');
  if (!saisies.includes(saisie)) return err('S1', 'Mode de saisie invalide');
  return { numcli, exer: exer || '', refdet, objet, montant, mel, saisie };
}

function soapResponse(c: Context, body: string, status: 200 | 500 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.body(
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`,
    status,
    { 'Content-Type': 'text/xml; charset=utf-8' },
  );
}

/** A SOAP 1.1 Fault (HTTP 500, as the SOAP binding requires) with the DGFiP's error detail. */
function soapFault(c: Context, faultcode: 'soap:Client' | 'soap:Server', faultstring: string, detailType: string, error: PayfipError) {
  const detail = `<ns2:${detailType} xmlns:ns2="${SERVICE_NS}"><code>${xmlEscape(error.code)}</code><descriptif>${xmlEscape(error.libelle)}</descriptif><libelle>${xmlEscape(error.libelle)}</libelle><severite>2</severite></ns2:${detailType}>`;
  return soapResponse(c, `<soap:Fault><faultcode>${faultcode}</faultcode><faultstring>${xmlEscape(faultstring)}</faultstring><detail>${detail}</detail></soap:Fault>`, 500);
}

const functionalFault = (c: Context, error: PayfipError) => soapFault(c, 'soap:Server', FONCTIONNELLE, 'FonctionnelleErreur', error);
const protocolFault = (c: Context, libelle: string) =>
  soapFault(c, 'soap:Client', 'fr.gouv.finances.cp.tpa.webservice.exceptions.TechProtocolaireErreur', 'TechProtocolaireErreur', err('TP', libelle));

function returnElement(operation: string, fields: [string, string][]) {
  const children = fields.map(([name, value]) => (value === '' ? `<${name}/>` : `<${name}>${xmlEscape(value)}</${name}>`)).join('');
  return `<ns2:${operation}Response xmlns:ns2="${SERVICE_NS}"><return>${children}</return></ns2:${operation}Response>`;
}

/** Text of the unqualified children of `arg0`, by name; a nil or empty element reads as absent. */
function argumentsOf(operation: XmlElement): Record<string, string | undefined> {
  const arg0 = child(operation, 'arg0');
  const fields: Record<string, string | undefined> = {};
  for (const element of arg0?.children ?? []) {
    // The service's parameters are unqualified elements: a prefixed one is not one of them.
    if (element.prefix !== '') continue;
    if (element.text !== '') fields[element.local] = element.text;
  }
  return fields;
}

function randomDigits(length: number) {
  return Array.from({ length }, () => randomInt(10)).join('');
}

export function payfipSandbox(ctx: SandboxContext) {
  /** Operations are looked up for a day (the real platform purges them at night). */
  const operations = new SessionStore<Operation>(ctx.now, 24 * 60 * 60_000);
  const tipi = new SessionStore<TipiSession>(ctx.now);

  const expired = (createdAt: Date) => ctx.now().getTime() - createdAt.getTime() > IDOP_VALIDITY_MS;

  function creerPaiementSecurise(c: Context, args: Record<string, string | undefined>) {
    const debt = checkDebt(args, ['T', 'X', 'W'], 10_000_000);
    if ('code' in debt) return functionalFault(c, debt);
    if (!isAbsoluteHttpUrl(args.urlnotif, 250)) return functionalFault(c, err('N1', 'URL de notification non valide'));
    if (!isAbsoluteHttpUrl(args.urlredirect, 250)) return functionalFault(c, err('D1', 'URL de redirection non valide'));
    const idOp = randomUUID();
    const createdAt = ctx.now();
    operations.set(idOp, { ...debt, exer: debt.exer || parisParts(createdAt).year, idOp, urlnotif: args.urlnotif, urlredirect: args.urlredirect, createdAt });
    return soapResponse(c, returnElement('creerPaiementSecurise', [['idOp', idOp]]));
  }

  function recupererDetailPaiementSecurise(c: Context, args: Record<string, string | undefined>) {
    const operation = operations.get(args.idOp);
    if (!operation) return functionalFault(c, err('P1', 'IdOp incorrect'));
    const { decision } = operation;
    if (!decision) return functionalFault(c, err('P5', 'Résultat de la transaction non connu'));
    const at = parisParts(decision.at);
    return soapResponse(
      c,
      returnElement('recupererDetailPaiementSecurise', [
        ['dattrans', `${at.day}${at.month}${at.year}`],
        ['exer', operation.exer],
        ['heurtrans', `${at.hour}${at.minute}`],
        ['idOp', operation.idOp],
        ['mel', operation.mel],
        ['montant', operation.montant],
        ['numauto', decision.numauto],
        ['numcli', operation.numcli],
        ['objet', operation.objet],
        ['refdet', operation.refdet],
        ['resultrans', decision.resultrans],
        ['saisie', operation.saisie],
      ]),
    );
  }

  function recupererDetailClient(c: Context, args: Record<string, string | undefined>) {
    const client = SANDBOX_PAYFIP.clients[args.numCli ?? ''];
    if (!client) return functionalFault(c, err('T2', 'Le N° du client doit être pré-existant dans la base PayFiP'));
    return soapResponse(
      c,
      returnElement('recupererDetailClient', [
        ['libelleN1', client.collectivite],
        ['libelleN2', client.comptable],
        ['libelleN3', ''],
        ['numcli', args.numCli!],
      ]),
    );
  }

  async function webService(c: Context) {
    const length = Number(c.req.header('Content-Length') ?? 0);
    if (length > MAX_SOAP_BYTES) return protocolFault(c, 'Requête trop volumineuse.');
    let envelope: XmlElement;
    try {
      const text = await c.req.text();
      if (Buffer.byteLength(text) > MAX_SOAP_BYTES) return protocolFault(c, 'Requête trop volumineuse.');
      envelope = parseXml(text);
    } catch (error) {
      return protocolFault(c, `Requête SOAP illisible : ${error instanceof XmlError ? error.message : 'XML mal formé.'}`);
    }
    if (envelope.local !== 'Envelope' || namespaceOf(envelope) !== SOAP_NS) return protocolFault(c, 'Enveloppe SOAP 1.1 attendue.');
    const body = child(envelope, 'Body');
    if (!body || namespaceOf(body) !== SOAP_NS) return protocolFault(c, 'Corps SOAP (Body) absent.');
    const operation = body.children[0];
    if (!operation || namespaceOf(operation) !== SERVICE_NS) return protocolFault(c, 'Opération inconnue du service PaiementSecuriseService.');
    const args = argumentsOf(operation);
    switch (operation.local) {
      case 'creerPaiementSecurise':
        return creerPaiementSecurise(c, args);
      case 'recupererDetailPaiementSecurise':
        return recupererDetailPaiementSecurise(c, args);
      case 'recupererDetailClient':
        return recupererDetailClient(c, args);
      default:
        return protocolFault(c, `Opération inconnue : ${operation.local}.`);
    }
  }

  function summary(debt: Debt): [string, string][] {
    const client = SANDBOX_PAYFIP.clients[debt.numcli];
    return [
      ['Collectivité', client.collectivite],
      ['Comptable public', client.comptable],
      ['Référence de la dette', debt.refdet],
      ...(debt.objet ? ([['Objet', debt.objet]] as [string, string][]) : []),
      ['Exercice', debt.exer],
      ['Adresse électronique (ticket de paiement)', debt.mel],
    ];
  }

  /** The operation a page request is about, or the error page the payer sees instead. */
  function openOperation(c: Context, idop: string | undefined): { operation: Operation } | { page: ReturnType<typeof errorPage> } {
    const operation = operations.get(idop);
    if (!operation) return { page: errorPage(c, PAYFIP, 'Opération inconnue', 'Cette opération de paiement n’existe pas. Retournez sur le site de votre collectivité pour recommencer.', 404) };
    if (operation.decision) return { page: errorPage(c, PAYFIP, 'Opération déjà traitée', 'Ce paiement a déjà été traité. Retournez sur le site de votre collectivité.', 410) };
    if (expired(operation.createdAt))
      return { page: errorPage(c, PAYFIP, 'Délai dépassé', 'Le délai de 15 minutes pour régler cette opération est dépassé. Retournez sur le site de votre collectivité pour recommencer.', 410) };
    return { operation };
  }

  function decide(decision: Decision, now: Date) {
    const resultrans = RESULTRANS[decision];
    return { resultrans, numauto: resultrans === 'P' ? `${randomDigits(12)}-tip` : '', at: now };
  }

  function tipiFields(session: TipiSession, decision: ReturnType<typeof decide>): Record<string, string> {
    const at = parisParts(decision.at);
    return {
      numcli: session.numcli,
      exer: session.exer,
      refdet: session.refdet,
      objet: session.objet,
      montant: session.montant,
      mel: session.mel,
      saisie: session.saisie,
      resultrans: decision.resultrans,
      numauto: decision.numauto,
      dattrans: `${at.day}${at.month}${at.year}`,
      heurtrans: `${at.hour}${at.minute}`,
    };
  }

  return new Hono()
    .post('/tpa/services/securite', webService)
    .get('/tpa/paiementws.web', (c) => {
      const opened = openOperation(c, c.req.query('idop') ?? c.req.query('idOp'));
      if ('page' in opened) return opened.page;
      const { operation } = opened;
      return paymentPage(c, PAYFIP, { summary: summary(operation), amountCents: Number(operation.montant), hidden: { idop: operation.idOp } });
    })
    .post('/tpa/paiementws.web', async (c) => {
      const form = Object.fromEntries(await formEntries(c));
      const opened = openOperation(c, form.idop ?? c.req.query('idop'));
      if ('page' in opened) return opened.page;
      const { operation } = opened;
      const decision = DECISIONS[form.decision ?? ''];
      if (!decision) return errorPage(c, PAYFIP, 'Choix manquant', 'Choisissez « Payer », « Refuser le paiement (test) » ou « Annuler le paiement ».');
      operation.decision = decide(decision, ctx.now());
      const idop = `idop=${encodeURIComponent(operation.idOp)}`;
      // Like the real platform, the notification is sent without waiting for it (and may fail).
      void callServer(ctx, withQuery(operation.urlnotif, idop));
      return c.redirect(withQuery(operation.urlredirect, idop), 303);
    })
    .get('/tpa/paiement.web', (c) => {
      const query = c.req.query();
      const debt = checkDebt(query, ['T', 'X', 'A'], 999_999);
      if ('code' in debt) return errorPage(c, PAYFIP, 'Paramètres de paiement incorrects', `${debt.code} : ${debt.libelle}.`);
      if (!isAbsoluteHttpUrl(query.urlcl, 250)) return errorPage(c, PAYFIP, 'Paramètres de paiement incorrects', 'N1 : URL de notification non valide.');
      const session: TipiSession = {
        ...debt,
        exer: debt.exer || parisParts(ctx.now()).year,
        id: randomUUID(),
        urlcl: query.urlcl,
        createdAt: ctx.now(),
        decided: false,
      };
      tipi.set(session.id, session);
      return paymentPage(c, PAYFIP, { summary: summary(session), amountCents: Number(session.montant), hidden: { sandbox_session: session.id } });
    })
    .post('/tpa/paiement.web', async (c) => {
      const form = Object.fromEntries(await formEntries(c));
      const session = tipi.get(form.sandbox_session);
      if (!session) return errorPage(c, PAYFIP, 'Opération inconnue', 'Cette opération de paiement n’existe pas. Retournez sur le site de votre collectivité pour recommencer.', 404);
      if (session.decided) return errorPage(c, PAYFIP, 'Opération déjà traitée', 'Ce paiement a déjà été traité. Retournez sur le site de votre collectivité.', 410);
      if (expired(session.createdAt))
        return errorPage(c, PAYFIP, 'Délai dépassé', 'Le délai de 15 minutes pour régler cette opération est dépassé. Retournez sur le site de votre collectivité pour recommencer.', 410);
      const decision = DECISIONS[form.decision ?? ''];
      if (!decision) return errorPage(c, PAYFIP, 'Choix manquant', 'Choisissez « Payer », « Refuser le paiement (test) » ou « Annuler le paiement ».');
      session.decided = true;
      const result = tipiFields(session, decide(decision, ctx.now()));
      await callServer(ctx, session.urlcl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(result).toString(),
      });
      const outcome = {
        paid: ['Paiement enregistré', 'Votre paiement a été accepté. Un ticket de paiement est envoyé à votre adresse électronique.'],
        refused: ['Paiement refusé', 'Votre paiement a été refusé : aucune somme n’a été débitée.'],
        cancelled: ['Paiement annulé', 'Vous avez annulé le paiement : aucune somme n’a été débitée.'],
      }[decision];
      return renderPage(c, {
        provider: PAYFIP,
        title: outcome[0],
        body: html`<div class="${decision === 'paid' ? 'succes' : 'erreur'}" role="status">
            <h1>${outcome[0]}</h1>
            <p>${outcome[1]}</p>
          </div>
          <form method="post" action="${session.urlcl}">
            ${Object.entries(result).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
            <button class="bouton annuler" type="submit">Retourner sur le site de la collectivité</button>
          </form>`,
      });
    });
}
