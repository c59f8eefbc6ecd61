// The check-in use case's public face, for the hosts (desk, kiosk) and the CLI.
export { readCardIdentity, type CardIdentity } from './card-identity';
export { openCheckInStation, type CheckInStation, type CheckInStationConfig, type GatewayConfig } from './checkin-station';
export {
  CheckInService,
  DEFAULT_CHECKIN_OPTIONS,
  type CheckInEvent,
  type CheckInOutcome,
  type CheckInRequest,
  type CheckInServiceDeps,
  type CheckInServiceOptions,
  type EligibilitySummary,
  type StationConfig,
} from './checkin-service';
export { defaultEntryCategory, eligibilityFlagOf, isSettled, reportCardOf } from './eligibility-rules';
export { CheckInError, type CheckInErrorCode } from './errors';
export { gatewayBirthDate, identityFromChip, identityFromQr, sexOf, typedIdentity, type IdentityInput } from './identity';
export { checkInReportHandler, eligibilityLookupHandler, receiptText, type LookupResolved, type ReportAccepted } from './outbox-handlers';
export { checkInVisitOf } from './report';
