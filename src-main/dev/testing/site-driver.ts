// The child process of the site acceptance test (site.system.ts): one station of a site checking
// patients in as fast as a busy desk, then publishing its backlog until the site has it all. Each
// check-in is printed ("ack <visitId> <queueNumber> <site|station>") only after its transaction
// committed. `--die-after N` reserves a number for one more visit after N check-ins and kills itself
// before committing it ("reserved <visitId>"): the crash the void state exists for.
//   node --import tsx site-driver.ts --db FILE --url URL --key HEX --site-id UUID --station K1 --count N [--die-after N]
import { parseArgs } from 'node:util';
import { systemClock } from '../../util/clock';
import { SiteStore } from '../../site-store/site-store';
import { newVisitId, PiiCipher, queueDayOf, StaticKeyStore } from '../../store';
import { openCheckInStation } from '../../checkin/checkin-station';
import { typedIdentity } from '../../checkin/identity';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
    'site-id': { type: 'string' },
    station: { type: 'string' },
    count: { type: 'string' },
    'die-after': { type: 'string' },
    'pause-ms': { type: 'string', default: '40' },
  },
});

const PEOPLE = [
  { idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam' },
  { idNumber: '001185004521', fullName: 'Trần Thị Bình', dateOfBirth: '22/07/1985', sex: 'Nữ' },
  { idNumber: '001058006789', fullName: 'Vũ Mạnh Hùng', dateOfBirth: '30/04/1958', sex: 'Nam' },
];

const station = values.station!;
const siteKey = new Uint8Array(Buffer.from(values.key!, 'hex'));
const desk = await openCheckInStation({
  dbFile: values.db!,
  keyStore: new StaticKeyStore(new Uint8Array(32).fill(station.charCodeAt(1))),
  clock: systemClock,
  station: { stationCode: station, facilityCode: '01001' },
  gateway: null,
  credential: null,
  site: {
    site: SiteStore.open({ url: values.url!, connectTimeoutMs: 1_000, queryTimeoutMs: 3_000 }),
    cipher: new PiiCipher(siteKey),
    siteId: values['site-id']!,
    demo: true,
    stationCode: station,
    options: { voidGraceSeconds: 1, retryMs: 200 },
  },
});
const site = desk.site!;
const staff = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };
const pause = Number(values['pause-ms']);
const dieAfter = values['die-after'] === undefined ? null : Number(values['die-after']);

for (let index = 0; index < Number(values.count); index += 1) {
  if (index === dieAfter) {
    // Asked until the site answers (it may be down right now): the test needs a reservation to be left.
    const visitId = newVisitId();
    while (!(await site.reserve(visitId, 'NOI', queueDayOf(new Date())))) await new Promise((resolve) => setTimeout(resolve, 100));
    process.stdout.write(`reserved ${visitId}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  const outcome = await desk.service.checkIn({
    identity: typedIdentity(PEOPLE[index % PEOPLE.length]!),
    staff,
    service: { code: index % 4 === 3 ? 'NHI' : 'NOI', name: 'Khám bệnh' },
    insurance: 'none',
  });
  process.stdout.write(`ack ${outcome.visitId} ${outcome.queueNumber} ${outcome.numberSource}\n`);
  await new Promise((resolve) => setTimeout(resolve, pause));
}
// The backlog after the outage, in order, until the site has everything (or the test gives up on us).
for (;;) {
  const report = await site.publishBacklog();
  if (report.backlog === 0 && !report.error) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
process.stdout.write('done\n');
await desk.close();
