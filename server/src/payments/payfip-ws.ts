/**
 * PayFiP web service (DGFiP): `creerPaiementSecurise` gives an idOp for the payment page,
 * `recupererDetailPaiementSecurise` tells what became of it. The notification PayFiP sends carries
 * nothing but the idOp and no signature: the detail read back here is the only thing trusted.
 */
import { readSoapAnswer, soapEnvelope, SoapMalformed } from './soap.js';

export const PAYFIP_NAMESPACE =
  'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

const TIMEOUT_MS = 15_000;

export interface PayfipCreation {
  exer: string;
  mel: string;
  montant: number;
  numcli: string;
  objet: string;
  refdet: string;
  saisie: 'T' | 'X' | 'W';
  urlnotif: string;
  urlredirect: string;
}

export interface PayfipDetail {
  dattrans: string;
  heurtrans: string;
  exer: string;
  idOp: string;
  mel: string;
  montant: string;
  numauto: string;
  numcli: string;
  objet: string;
  refdet: string;
  resultrans: string;
  saisie: string;
}

/** A FonctionnelleErreur (or technical error) answered by PayFiP: `P1` unknown idOp, `P5` result not known yet… */
export class PayfipFault extends Error {
  constructor(
    readonly code: string,
    readonly label: string,
  ) {
    super(`PayFiP ${code}`);
  }
}

/** PayFiP could not be reached, or answered something that is not its protocol. */
export class PayfipUnreachable extends Error {
  constructor(readonly why: 'network' | 'http' | 'malformed') {
    super(`PayFiP ${why}`);
  }
}

async function call(fetcher: typeof fetch, endpoint: string, operation: string, args: [string, string | null | undefined][]) {
  let text: string;
  let status: number;
  try {
    const res = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' },
      body: soapEnvelope(PAYFIP_NAMESPACE, operation, args),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch {
    throw new PayfipUnreachable('network');
  }
  let answer;
  try {
    answer = readSoapAnswer(text);
  } catch (err) {
    if (err instanceof SoapMalformed) throw new PayfipUnreachable(status >= 400 && status !== 500 ? 'http' : 'malformed');
    throw err;
  }
  if (answer.kind === 'fault') throw new PayfipFault(answer.detail.code || 'inconnu', answer.detail.libelle || answer.faultString);
  return answer.fields;
}

/** Registers the payment at PayFiP and returns its idOp (valid 15 minutes to open the payment page). */
export async function creerPaiementSecurise(fetcher: typeof fetch, endpoint: string, p: PayfipCreation): Promise<string> {
  const fields = await call(fetcher, endpoint, 'creerPaiementSecurise', [
    ['exer', p.exer],
    ['mel', p.mel],
    ['montant', String(p.montant)],
    ['numcli', p.numcli],
    ['objet', p.objet],
    ['refdet', p.refdet],
    ['saisie', p.saisie],
    ['urlnotif', p.urlnotif],
    ['urlredirect', p.urlredirect],
  ]);
  const idOp = fields.idOp ?? '';
  if (!/^[A-Za-z0-9-]{1,64}$/.test(idOp)) throw new PayfipUnreachable('malformed');
  return idOp;
}

/** What PayFiP knows of an operation. A `PayfipFault` P1 or P5 is an answer too (see the PayFiP adapter’s lookup). */
export async function recupererDetailPaiementSecurise(fetcher: typeof fetch, endpoint: string, idOp: string): Promise<PayfipDetail> {
  const fields = await call(fetcher, endpoint, 'recupererDetailPaiementSecurise', [['idOp', idOp]]);
  if (!fields.resultrans && !fields.idOp) throw new PayfipUnreachable('malformed');
  const get = (name: keyof PayfipDetail) => fields[name] ?? '';
  return {
    dattrans: get('dattrans'),
    heurtrans: get('heurtrans'),
    exer: get('exer'),
    idOp: get('idOp'),
    mel: get('mel'),
    montant: get('montant'),
    numauto: get('numauto'),
    numcli: get('numcli'),
    objet: get('objet'),
    refdet: get('refdet'),
    resultrans: get('resultrans'),
    saisie: get('saisie'),
  };
}

/** The payment page of an idOp. */
export const payfipPaymentPage = (pageUrl: string, idOp: string) => `${pageUrl}?idop=${encodeURIComponent(idOp)}`;

/** After this, an abandoned (`A`) or unknown (`P5`) operation is over: the idOp can no longer be paid. */
export const PAYFIP_FINAL_AFTER_MS = 20 * 60 * 1000;
