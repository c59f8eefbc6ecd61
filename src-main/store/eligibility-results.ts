// Every eligibility answer for a visit, the gateway's raw reply included (evidence for a disputed claim),
// sealed as one JSON box. Code and status stay readable for counting and for the desk's list.
import type { EligibilityResult } from '../insurance';
import type { SqliteDatabase } from './database';
import type { PiiCipher } from './pii-cipher';

export type ResultSource = 'desk' | 'outbox';

export class EligibilityResultRepository {
  private readonly insert;
  private readonly latestOf;

  constructor(
    db: SqliteDatabase,
    private readonly cipher: PiiCipher,
  ) {
    this.insert = db.prepare('INSERT INTO eligibility_results (visit_id, source, code, status, checked_at, result_box) VALUES (?, ?, ?, ?, ?, ?)');
    this.latestOf = db.prepare<[string], { result_box: Buffer | null }>('SELECT result_box FROM eligibility_results WHERE visit_id = ? ORDER BY id DESC LIMIT 1');
  }

  add(visitId: string, source: ResultSource, result: EligibilityResult): void {
    this.insert.run(visitId, source, result.code, result.status, result.checkedAt, this.cipher.sealJson('eligibility_results.result', result));
  }

  /** The latest result of the visit; null when none, or once purged. */
  latest(visitId: string): EligibilityResult | null {
    const row = this.latestOf.get(visitId);
    return row?.result_box ? this.cipher.openJson<EligibilityResult>('eligibility_results.result', row.result_box) : null;
  }
}
