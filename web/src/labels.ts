import type { Body, ContestStatus, Severity } from './api.ts';

/** The words the page uses for the API's vocabularies. */

export const BODY_LABEL: Record<Body, string> = {
  NATIONAL_ASSEMBLY: 'Quốc hội',
  PROVINCIAL_COUNCIL: 'HĐND cấp tỉnh',
  COMMUNE_COUNCIL: 'HĐND cấp xã',
};

export const BODY_LONG: Record<Body, string> = {
  NATIONAL_ASSEMBLY: 'đại biểu Quốc hội',
  PROVINCIAL_COUNCIL: 'đại biểu Hội đồng nhân dân cấp tỉnh',
  COMMUNE_COUNCIL: 'đại biểu Hội đồng nhân dân cấp xã',
};

export const STATUS_LABEL: Record<ContestStatus, string> = {
  NO_RESULTS: 'Chưa có kết quả',
  PARTIAL: 'Đang nhận kết quả',
  COMPLETE: 'Đủ kết quả',
};

export const SEVERITY_LABEL: Record<Severity | 'INFO', string> = {
  CRITICAL: 'Khẩn cấp',
  HIGH: 'Cao',
  MEDIUM: 'Trung bình',
  LOW: 'Thấp',
  INFO: 'Thông tin',
};

export const EVENT_LABEL: Record<string, string> = {
  CONTEST_COMPLETE: 'Đơn vị đủ kết quả',
  REVOTE_REQUIRED: 'Phải bầu cử lại',
  ADDITIONAL_ELECTION_REQUIRED: 'Phải bầu cử thêm',
  UNIT_RESULT_MISMATCH: 'Biên bản Ban bầu cử chênh lệch',
  PROVINCE_COMPLETE: 'Tỉnh đủ kết quả',
  TURNOUT_MILESTONE: 'Mốc cử tri đi bầu',
  TALLY_CORRECTED: 'Biên bản được sửa',
  ANOMALY_DETECTED: 'Số liệu bất thường',
  INCIDENT_REPORTED: 'Sự cố',
  REPORTS_OVERDUE: 'Chậm báo cáo',
};
