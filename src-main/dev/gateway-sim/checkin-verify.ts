// The gateway's side of a check-in file: base64 → XML → structure → signature → fields. Fields are read
// from what the signature covers (xml-crypto's signed reference), never from the document as received,
// so a tampered or wrapped file cannot slip values past the check.
import { DOMParser, onErrorStopParsing, type Document, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { CHECKIN_FIELD_NAMES, type CheckInFieldValues } from '../../insurance/checkin-fields';
import { CHECKIN_ITEM, CHECKIN_LIST, CHECKIN_ROOT, CHECKIN_SIGNATURE_HOLDER, checkInProblems, XMLDSIG } from '../../insurance/checkin-xml';
import type { FieldProblem } from '../../insurance/errors';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_RECORDS = 1_000;

export type CheckInVerdict =
  | { ok: true; records: CheckInFieldValues[]; xml: string }
  | { ok: false; reason: 'encoding' | 'xml' | 'structure' | 'signature' | 'fields'; message: string; problems: FieldProblem[] };

const refuse = (reason: Exclude<CheckInVerdict, { ok: true }>['reason'], message: string, problems: FieldProblem[] = []): CheckInVerdict => ({
  ok: false,
  reason,
  message,
  problems,
});

/** Child nodes that carry meaning: elements, and any text other than indentation (a structure error). */
function meaningfulChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) out.push(child);
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      if ((child.nodeValue ?? '').trim() !== '') out.push(child);
    }
  }
  return out;
}

const names = (nodes: Node[]) => nodes.map((node) => node.nodeName).join();

function parse(xml: string): Document | null {
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
    return doc.doctype ? null : doc;
  } catch {
    return null;
  }
}

/** The rows of a parsed (signed-content) document, or the structural problem. */
function readRows(doc: Node): { rows: CheckInFieldValues[] } | { problem: string } {
  const [root, ...extra] = meaningfulChildren(doc);
  if (!root || extra.length > 0 || root.nodeName !== CHECKIN_ROOT) return { problem: `root must be ${CHECKIN_ROOT}` };
  const parts = meaningfulChildren(root);
  if (names(parts) !== `${CHECKIN_LIST},${CHECKIN_SIGNATURE_HOLDER}`) return { problem: `${CHECKIN_ROOT} must hold ${CHECKIN_LIST} then ${CHECKIN_SIGNATURE_HOLDER}` };
  const items = meaningfulChildren(parts[0]!);
  if (items.length === 0 || items.length > MAX_RECORDS) return { problem: `${CHECKIN_LIST} must hold 1..${MAX_RECORDS} ${CHECKIN_ITEM}` };
  const rows: CheckInFieldValues[] = [];
  for (const item of items) {
    if (item.nodeName !== CHECKIN_ITEM) return { problem: `${CHECKIN_LIST} holds only ${CHECKIN_ITEM}` };
    const fields = meaningfulChildren(item);
    if (names(fields) !== CHECKIN_FIELD_NAMES.join()) return { problem: `${CHECKIN_ITEM} must hold the 26 fields in table order` };
    const values = {} as CheckInFieldValues;
    for (const field of fields) {
      if (meaningfulChildren(field).some((child) => child.nodeType === child.ELEMENT_NODE)) return { problem: `${field.nodeName} holds elements` };
      values[field.nodeName as keyof CheckInFieldValues] = field.textContent ?? '';
    }
    rows.push(values);
  }
  return { rows };
}

/** Checks a `fileHSBase64` against the facility's registered certificate. */
export function verifyCheckInFile(fileHSBase64: string, trustedCertificatePem: string): CheckInVerdict {
  const compact = fileHSBase64.replace(/\s+/g, '');
  if (compact === '' || compact.length > (MAX_FILE_BYTES * 4) / 3 + 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return refuse('encoding', 'fileHSBase64 không phải base64 hợp lệ');
  }
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  if (xml.includes('\uFFFD')) return refuse('encoding', 'Tệp không phải UTF-8');
  const doc = parse(xml);
  if (!doc) return refuse('xml', 'Tệp XML không hợp lệ');

  const received = readRows(doc);
  if ('problem' in received) return refuse('structure', `Sai cấu trúc: ${received.problem}`);

  const signatures = doc.getElementsByTagNameNS(XMLDSIG.namespace, 'Signature');
  if (signatures.length !== 1) return refuse('signature', 'Cần đúng một chữ ký số');
  const signature = signatures[0]!;
  if (signature.parentNode?.nodeName !== CHECKIN_SIGNATURE_HOLDER || signature.parentNode.parentNode?.nodeName !== CHECKIN_ROOT) {
    return refuse('signature', `Chữ ký số phải nằm trong ${CHECKIN_SIGNATURE_HOLDER}`);
  }
  const references = signature.getElementsByTagNameNS(XMLDSIG.namespace, 'Reference');
  const reference = references[0];
  if (references.length !== 1 || reference?.getAttribute('URI') !== '') return refuse('signature', 'Chữ ký số phải ký toàn bộ tệp (URI="")');
  const method = signature.getElementsByTagNameNS(XMLDSIG.namespace, 'SignatureMethod')[0]?.getAttribute('Algorithm');
  const digest = reference.getElementsByTagNameNS(XMLDSIG.namespace, 'DigestMethod')[0]?.getAttribute('Algorithm');
  if (method !== XMLDSIG.rsaSha256 || digest !== XMLDSIG.sha256) return refuse('signature', 'Chữ ký số phải dùng RSA-SHA256');

  const verifier = new SignedXml({ publicCert: trustedCertificatePem });
  let signedXml: string | undefined;
  try {
    verifier.loadSignature(signature.toString());
    if (verifier.checkSignature(xml)) signedXml = verifier.getSignedReferences()[0];
  } catch {
    signedXml = undefined;
  }
  if (!signedXml) return refuse('signature', 'Chữ ký số không hợp lệ');

  const signedDoc = parse(signedXml);
  const signed = signedDoc ? readRows(signedDoc) : { problem: 'signed content unreadable' };
  if ('problem' in signed) return refuse('structure', `Sai cấu trúc: ${signed.problem}`);
  const problems = checkInProblems(signed.rows);
  if (problems.length > 0) return refuse('fields', 'Dữ liệu không đúng định dạng Bảng check-in', problems);
  return { ok: true, records: signed.rows, xml };
}
