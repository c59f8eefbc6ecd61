// The facility accounts the simulator knows, with the staff registered for lookups (CV 1923).
import { md5Upper } from '../../insurance/account';

export interface SimStaff {
  fullName: string;
  idNumber: string;
}

export interface SimAccount {
  username: string;
  /** MD5, upper-case hex, as the gateway stores it. */
  passwordHash: string;
  maCSKCB: string;
  maTinh: string;
  staff: SimStaff[];
}

export const DEMO_ACCOUNT: SimAccount = {
  username: '01001_BV',
  passwordHash: md5Upper('tiepdon-demo'),
  maCSKCB: '01001',
  maTinh: '01',
  staff: [
    { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' },
    { fullName: 'Lê Minh Tuấn', idNumber: '079088000002' },
  ],
};

export const DEMO_CREDENTIALS = { username: '01001_BV', password: 'tiepdon-demo', staff: DEMO_ACCOUNT.staff[0]! } as const;
