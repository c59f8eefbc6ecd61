import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError } from '../../src-main/contract';

/** "operators.1.idNumber" → "operators.idNumber": the words are the same for every row. */
const wordsKey = (field: string) => field.replace(/\.\d+\./g, '.');

/** Refusals from the core, kept by the field they name, said in the UI's language where we have words. */
export function useFieldErrors() {
  const { t, i18n } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const show = (error: unknown) => {
    const field = error instanceof ContractError && error.field ? error.field : 'general';
    const key = `setup.errors.${wordsKey(field)}`;
    const message = i18n.exists(key) ? t(key) : error instanceof Error ? error.message : String(error);
    setErrors({ [field]: message });
  };
  return { errors, show, clear: () => setErrors({}), messageOf: (field: string) => errors[field] };
}

export function FieldError({ message, name }: { message: string | undefined; name: string }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert" data-testid={`field-error-${name}`}>
      {message}
    </span>
  );
}
