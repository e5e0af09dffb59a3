import { useEffect, useRef } from 'preact/hooks';
import { type ContestResult, type NationResults, type ProvinceResults, urls } from '../api.ts';
import { formatCount, formatPercent, formatShare } from '../format.ts';
import { BODY_LABEL, STATUS_LABEL } from '../labels.ts';
import { differenceLabel, explainOutcome, LAW, outcomeBadge } from '../law.ts';
import { Clocks, Loading, Refusal, Section } from './chrome.tsx';
import { useDashboard, useResource } from './context.ts';
import { ScrollBox } from './table.tsx';

/**
 * One electoral unit: its figures as on the board's minutes (Art. 77 (2)), the candidates in the
 * law's order, the outcome with the article that decides it, who has not reported, and the check
 * of the board's own minutes against the computed result.
 */
export function ContestView({ contestId }: { contestId: string }) {
  const { route, names, announce } = useDashboard();
  const { electionId } = route;
  const contestUrl = urls.contest(electionId, contestId);
  const result = useResource<ContestResult>(contestUrl);
  const data = result?.data;
  names.learn(data);
  // The province's answer gives the unit's name (where the API has it) and the region for the trail.
  const province = useResource<ProvinceResults>(
    data ? urls.results(electionId, { level: 'PROVINCE', provinceId: data.provinceId }) : undefined,
    contestUrl,
  );
  names.learn(province?.data);
  const regionId = province?.data?.regionId;
  const nation = useResource<NationResults>(
    regionId && !names.region(regionId) ? urls.results(electionId, { level: 'NATION' }) : undefined,
  );
  names.learn(nation?.data);

  const shownAt = useRef(Date.now());
  useEffect(() => {
    const before = result?.previous as ContestResult | undefined;
    if (!result?.changedAt || result.changedAt <= shownAt.current || !before || !data) return;
    const more = data.pollingAreas.reporting - before.pollingAreas.reporting;
    if (more > 0) announce(`Đã cập nhật: thêm ${formatCount(more)} khu vực bỏ phiếu báo cáo.`);
    else if (before.status !== data.status) announce(`Đã cập nhật: ${STATUS_LABEL[data.status]}.`);
  }, [result?.changedAt]);

  if (result?.failure)
    return <Refusal failure={result.failure} what={`kết quả của đơn vị bầu cử ${contestId}`} />;
  if (!data) return <Loading />;

  const name = data.name ?? names.contest(contestId) ?? contestId;
  const provinceName = names.province(data.provinceId) ?? data.provinceId;
  const elected = new Set(data.outcome.electedCandidateIds);
  const tied = new Set(data.outcome.tieNeedsReview?.candidateIds ?? []);
  const complete = data.status === 'COMPLETE';
  const explanation = explainOutcome(data);
  const badge = outcomeBadge(data.status, data.outcome, data.seats);
  const candidateName = (id: string) => data.candidates.find((c) => c.candidateId === id)?.name;
  const missing = data.pollingAreas.expected - data.pollingAreas.reporting;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {name}
      </h1>
      <p class="subtitle">
        Bầu cử {BODY_LABEL[data.body]} · {provinceName} · {formatCount(data.seats)} đại biểu được bầu
        {name !== data.contestId ? ` · ${data.contestId}` : ''}
      </p>
      <Clocks asOf={data.asOf} />
      <Section id="strip-title" title="Tình hình của đơn vị">
        <dl class="strip">
          <div class="figure">
            <dt>Tình trạng</dt>
            <dd>
              <span class="big">{STATUS_LABEL[data.status]}</span>
              {badge && <span class={`badge ${badge.tone}`}>{badge.text}</span>}
            </dd>
          </div>
          <div class="figure">
            <dt>Khu vực bỏ phiếu đã báo cáo</dt>
            <dd>
              <span class="big">{formatShare(data.pollingAreas.reporting, data.pollingAreas.expected)}</span>
              <span class="detail">
                {formatCount(data.pollingAreas.reporting)} / {formatCount(data.pollingAreas.expected)} khu vực
              </span>
            </dd>
          </div>
          <div class="figure">
            <dt>Cử tri đã bỏ phiếu</dt>
            <dd>
              <span class="big">{data.registeredVoters > 0 ? formatPercent(data.turnoutPercent) : '–'}</span>
              <span class="detail">
                {formatCount(data.votersVoted)} / {formatCount(data.registeredVoters)} cử tri trong danh sách
              </span>
            </dd>
          </div>
        </dl>
      </Section>

      <Section id="outcome-title" title="Kết quả theo luật">
        <div class={`outcome ${complete ? (badge?.tone ?? 'pending') : 'pending'}`}>
          <p class="outcome-title">{explanation.title}</p>
          <p>{explanation.reason}</p>
          <p class="muted">
            Căn cứ: {explanation.article}, {LAW}.
          </p>
        </div>
      </Section>

      <Section id="candidates-title" title="Người ứng cử">
        <ScrollBox labelledBy="candidates-caption">
          <table>
            <caption id="candidates-caption">
              Theo thứ tự của luật: nhiều phiếu hơn trước, bằng phiếu thì người nhiều tuổi hơn trước
              {complete ? '' : ' (kết quả tạm thời, chưa đủ khu vực bỏ phiếu)'}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Thứ tự
                </th>
                <th scope="col">Họ và tên</th>
                <th scope="col" class="num">
                  Số phiếu
                </th>
                <th scope="col" class="num">
                  Tỷ lệ trên phiếu hợp lệ
                </th>
                <th scope="col">Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {data.candidates.map((c) => (
                <tr key={c.candidateId}>
                  <td class="num">{c.rank}</td>
                  <th scope="row">{c.name}</th>
                  <td class="num">{formatCount(c.votes)}</td>
                  <td class="num">
                    <span class="bar" aria-hidden="true">
                      <span style={{ width: `${Math.min(100, c.percentOfValid)}%` }} />
                    </span>
                    {formatPercent(c.percentOfValid)}
                  </td>
                  <td>
                    {complete && tied.has(c.candidateId) ? (
                      <span class="badge review">Bằng phiếu – cần xem xét</span>
                    ) : complete && elected.has(c.candidateId) ? (
                      <span class="badge elected">Trúng cử</span>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </Section>

      <Section id="figures-title" title="Số liệu kiểm phiếu">
        <ScrollBox labelledBy="figures-caption">
          <table class="figures">
            <caption id="figures-caption">
              Cộng từ biên bản kiểm phiếu của {formatCount(data.pollingAreas.reporting)} khu vực bỏ phiếu
            </caption>
            <tbody>
              {(
                [
                  ['Tổng số cử tri', data.registeredVoters],
                  ['Số cử tri đã bỏ phiếu', data.votersVoted],
                  ['Số phiếu phát ra', data.ballotsIssued],
                  ['Số phiếu thu vào', data.ballotsReceived],
                  ['Số phiếu hợp lệ', data.validBallots],
                  ['Số phiếu không hợp lệ', data.invalidBallots],
                ] as const
              ).map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td class="num">{formatCount(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </Section>

      <Section id="missing-title" title="Khu vực bỏ phiếu chưa báo cáo">
        {missing <= 0 ? (
          <p>Mọi khu vực bỏ phiếu đã gửi biên bản kiểm phiếu.</p>
        ) : data.notReported ? (
          <>
            <p>
              {formatCount(missing)} khu vực bỏ phiếu chưa gửi biên bản kiểm phiếu
              {data.notReported.length < missing ? ` (liệt kê ${formatCount(data.notReported.length)})` : ''}:
            </p>
            <ul class="not-reported">
              {data.notReported.map((p) => (
                <li key={p.pollingAreaId}>
                  {p.name ?? p.pollingAreaId} <span class="id">{p.pollingAreaId}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{formatCount(missing)} khu vực bỏ phiếu chưa gửi biên bản kiểm phiếu.</p>
        )}
      </Section>

      <Section id="check-title" title="Đối chiếu biên bản của Ban bầu cử">
        {!data.unitResultCheck ? (
          <p>Chưa nhận biên bản xác định kết quả bầu cử của Ban bầu cử (Điều 77).</p>
        ) : data.unitResultCheck.differences.length === 0 ? (
          <p class="check-ok">
            Biên bản xác định kết quả bầu cử của Ban bầu cử khớp với kết quả tổng hợp từ các khu vực bỏ phiếu.
          </p>
        ) : (
          <ScrollBox labelledBy="check-caption">
            <table>
              <caption id="check-caption">
                {formatCount(data.unitResultCheck.differences.length)} chỗ chênh lệch giữa biên bản của Ban
                bầu cử và kết quả tổng hợp — cần kiểm tra
              </caption>
              <thead>
                <tr>
                  <th scope="col">Mục</th>
                  <th scope="col" class="num">
                    Theo biên bản Ban bầu cử
                  </th>
                  <th scope="col" class="num">
                    Theo tổng hợp
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.unitResultCheck.differences.map((d) => (
                  <tr key={d.path}>
                    <th scope="row">{differenceLabel(d.path, candidateName)}</th>
                    <td class="num">{shown(d.filed, candidateName)}</td>
                    <td class="num">{shown(d.computed, candidateName)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </Section>
    </>
  );
}

/** A figure of a difference: a count, or a list of candidate ids shown by name. */
function shown(value: unknown, candidateName: (id: string) => string | undefined): string {
  if (typeof value === 'number') return formatCount(value);
  if (Array.isArray(value))
    return value.map((id) => candidateName(String(id)) ?? String(id)).join(', ') || '–';
  if (value === null || value === undefined) return '–';
  return String(value);
}
