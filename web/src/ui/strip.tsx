import { type Body, SEVERITIES, type Summary, type TurnoutPoint } from '../api.ts';
import { formatCount, formatPercent, formatShare } from '../format.ts';
import { SEVERITY_LABEL } from '../labels.ts';

/**
 * Where the count stands at this level for one body, each figure with how much of it has come in:
 * the minutes' turnout, the day's last turnout report, polling areas, units, seats and incidents.
 */
export function StatusStrip({
  summary,
  body,
  latestTurnout,
}: {
  summary: Summary;
  body: Body;
  latestTurnout: TurnoutPoint | undefined;
}) {
  const b = summary.bodies[body];
  const c = b.contests;
  const expected = b.pollingAreas.expected;
  return (
    <dl class="strip">
      <div class="figure">
        <dt>Khu vực bỏ phiếu đã báo cáo</dt>
        <dd>
          <span class="big">{formatShare(b.pollingAreas.reporting, expected)}</span>
          <span class="detail">
            {formatCount(b.pollingAreas.reporting)} / {formatCount(expected)} khu vực
          </span>
        </dd>
      </div>
      <div class="figure">
        <dt>Cử tri đã bỏ phiếu (theo biên bản kiểm phiếu)</dt>
        <dd>
          <span class="big">{b.registeredVoters > 0 ? formatPercent(b.turnoutPercent) : '–'}</span>
          <span class="detail">
            {formatCount(b.votersVoted)} / {formatCount(b.registeredVoters)} cử tri trong danh sách, của{' '}
            {formatCount(b.pollingAreas.reporting)} khu vực
          </span>
        </dd>
      </div>
      <div class="figure">
        <dt>Cử tri đi bầu trong ngày{latestTurnout ? ` (lúc ${latestTurnout.slot})` : ''}</dt>
        <dd>
          {latestTurnout ? (
            <>
              <span class="big">{formatPercent(latestTurnout.turnoutPercent)}</span>
              <span class="detail">
                {formatCount(latestTurnout.votersVoted)} / {formatCount(latestTurnout.registeredVoters)} cử
                tri, của {formatCount(latestTurnout.pollingAreas)} / {formatCount(expected)} khu vực báo cáo
              </span>
            </>
          ) : (
            <span class="big">–</span>
          )}
        </dd>
      </div>
      <div class="figure">
        <dt>Đơn vị bầu cử</dt>
        <dd>
          <span class="big">
            {formatCount(c.COMPLETE)} / {formatCount(c.total)}
          </span>
          <span class="detail">
            đủ kết quả; {formatCount(c.PARTIAL)} đang nhận, {formatCount(c.NO_RESULTS)} chưa có kết quả
          </span>
          <span class="detail">
            {formatCount(c.ELECTED)} có người trúng cử, {formatCount(c.REVOTE_REQUIRED)} phải bầu cử lại,{' '}
            {formatCount(c.ADDITIONAL_ELECTION_REQUIRED)} phải bầu cử thêm
          </span>
        </dd>
      </div>
      <div class="figure">
        <dt>Ghế đã có người trúng cử</dt>
        <dd>
          <span class="big">
            {formatCount(b.seats.filled)} / {formatCount(b.seats.total)}
          </span>
          <span class="detail">{formatShare(b.seats.filled, b.seats.total)} số ghế</span>
        </dd>
      </div>
      <div class="figure">
        <dt>Sự cố đã báo cáo</dt>
        <dd>
          <ul class="severities">
            {SEVERITIES.map((s) => (
              <li key={s} class={`sev sev-${s.toLowerCase()}`}>
                {SEVERITY_LABEL[s]}: <strong>{formatCount(summary.incidents[s])}</strong>
              </li>
            ))}
          </ul>
        </dd>
      </div>
    </dl>
  );
}
