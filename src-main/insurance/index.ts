// The BHXH gateway client's public face, for the store, the outbox and the check-in use case.
export { facilityOfUsername, md5Upper, type FacilityIds, type GatewayAccount } from './account';
export { cardNumberKind, decodeCardCode, normaliseCardNumber, type BenefitLevel, type CardNumberKind, type DecodedCardCode } from './card-code';
export { CHECKIN_FIELDS, CHECKIN_FIELD_NAMES, checkInFieldProblems, type CheckInFieldName, type CheckInFieldValues, type FieldSpec } from './checkin-fields';
export {
  buildCheckInXml,
  checkInRecordOf,
  encodeCheckInFile,
  fieldValuesOf,
  signCheckInXml,
  signedCheckInXml,
  type CheckInRecord,
  type CheckInVisit,
} from './checkin-xml';
export {
  CHECKIN_PATHS,
  DEFAULT_PATHS,
  GATEWAY_HOSTS,
  GatewayClient,
  type CallOptions,
  type CheckInReceipt,
  type GatewayClientOptions,
  type GatewayPaths,
} from './client';
export { parseBirthDate, type BirthDate } from './dates';
export type { CardInfo, CardQuery, CardValidity, Correction, EligibilityResult, HolderInfo, NewCardInfo, Staff } from './eligibility';
export { GatewayError, gatewayErrorWords, type FieldProblem, type GatewayErrorCode } from './errors';
export { loadFacilityCredential, type FacilityCredential } from './facility-credential';
export type { HistoryVisit, VisitHistory } from './history';
export { DEFAULT_TIMEOUTS, httpExchange, type HttpReply, type HttpTimeouts } from './http';
export { DEFAULT_LOOKUP_LIMITS, type LookupLimits } from './lookup-guard';
export { meaningOf, RESULT_CODES, type EligibilityStatus, type ResultCodeMeaning, type ResultReason } from './result-codes';
export { TokenCache, type GatewayToken } from './token-cache';
export { testConnection } from './connection-test';
