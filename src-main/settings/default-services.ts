import type { Counter, ServiceInfo } from '../contract';

/** The clinics of a typical district hospital's outpatient department; an administrator edits the list. */
export const defaultServices: ServiceInfo[] = [
  { code: 'NOI', name: { vi: 'Khám Nội', en: 'Internal medicine' }, counter: 'P101', lanes: ['bhyt', 'fee'] },
  { code: 'NGOAI', name: { vi: 'Khám Ngoại', en: 'Surgery' }, counter: 'P102', lanes: ['bhyt', 'fee'] },
  { code: 'NHI', name: { vi: 'Khám Nhi', en: 'Paediatrics' }, counter: 'P103', lanes: ['bhyt', 'fee'] },
  { code: 'SAN', name: { vi: 'Khám Sản', en: 'Obstetrics' }, counter: 'P104', lanes: ['bhyt', 'fee'] },
  { code: 'TMH', name: { vi: 'Tai Mũi Họng', en: 'Ear, nose and throat' }, counter: 'P105', lanes: ['bhyt', 'fee'] },
  { code: 'RHM', name: { vi: 'Răng Hàm Mặt', en: 'Dental' }, counter: 'P106', lanes: ['bhyt', 'fee'] },
  { code: 'MAT', name: { vi: 'Khám Mắt', en: 'Ophthalmology' }, counter: 'P107', lanes: ['bhyt', 'fee'] },
  { code: 'DV', name: { vi: 'Khám dịch vụ theo yêu cầu', en: 'Private consultation' }, counter: 'P201', lanes: ['fee'] },
];

/** The rooms of the clinics above, named as the waiting-room display calls them. */
export const defaultCounters: Counter[] = [...new Set(defaultServices.map((service) => service.counter))].map((code) => ({
  code,
  name: { vi: `Phòng ${code.slice(1)}`, en: `Room ${code.slice(1)}` },
}));
