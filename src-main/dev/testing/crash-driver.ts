// The child process of the crash test (crash.system.ts): checks patients in and syncs, in a loop, as
// fast as it can, until it is killed with SIGKILL. Each check-in's visit id is printed ("ack <id>")
// only after its transaction committed: those are the check-ins a receptionist was told are done.
// Stdout to a pipe is synchronous on Linux, so a printed ack is never lost with the process.
//   node --import tsx crash-driver.ts --db FILE --key-file FILE --gateway URL --now ISO --seed N --credential FILE
// The facility credential comes as JSON (written by the test) rather than as the PKCS#12 file: opening
// that takes node-forge a tenth of a second, and the test starts this process a hundred times.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runningClockFrom } from '../gateway-sim/sim-clock';
import type { FacilityCredential } from '../../insurance';
import { FileKeyStore } from '../../store';
import { openCheckInStation } from '../../checkin/checkin-station';
import { typedIdentity } from '../../checkin/identity';

const { values } = parseArgs({
  options: { credential: { type: 'string' }, db: { type: 'string' }, 'key-file': { type: 'string' }, gateway: { type: 'string' }, now: { type: 'string' }, seed: { type: 'string', default: '1' } },
});

/** Persona records of fixtures/bhyt: 000, 004, 010 (not eligible: flagged), 001. */
const PEOPLE = [
  { idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam' },
  { idNumber: '001185004521', fullName: 'Trần Thị Bình', dateOfBirth: '22/07/1985', sex: 'Nữ' },
  { idNumber: '001058006789', fullName: 'Vũ Mạnh Hùng', dateOfBirth: '30/04/1958', sex: 'Nam' },
  { idNumber: '038087004567', fullName: 'Hoàng Văn Dũng', dateOfBirth: '02/09/1987', sex: 'Nam' },
];

function credentialFromJson(json: string): FacilityCredential {
  const parsed = JSON.parse(json) as Omit<FacilityCredential, 'notBefore' | 'notAfter'> & { notBefore: string; notAfter: string };
  return { ...parsed, notBefore: new Date(parsed.notBefore), notAfter: new Date(parsed.notAfter) };
}

let state = Number(values.seed) >>> 0;
const random = () => {
  state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
  return state / 4_294_967_296;
};

const clock = runningClockFrom(values.now!);
const desk = await openCheckInStation({
  dbFile: values.db!,
  keyStore: new FileKeyStore(values['key-file']!),
  clock,
  station: { stationCode: 'A' },
  gateway: { baseUrl: values.gateway!, account: { username: '01001_BV', password: 'tiepdon-demo' }, lookupLimits: false, timeouts: { connectMs: 2_000, totalMs: 5_000 } },
  credential: credentialFromJson(readFileSync(values.credential!, 'utf8')),
  random,
});
desk.worker.recover();
process.stdout.write('ready\n');

const staff = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };
for (;;) {
  const person = PEOPLE[Math.floor(random() * PEOPLE.length)]!;
  // Half the check-ins as if the gateway had been unreachable at the desk: their lookups go through the outbox.
  const outcome = await desk.service.checkIn({
    identity: typedIdentity(person),
    staff,
    service: { code: random() < 0.5 ? 'NOI' : 'NHI', name: 'Khám bệnh' },
    ...(random() < 0.5 ? { eligibility: 'pending' as const } : {}),
  });
  process.stdout.write(`ack ${outcome.visitId}\n`);
  if (random() < 0.7) await desk.worker.drain();
}
