import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Contest, ElectionDefinition, PollingArea } from '../../../shared/model/election.ts';
import type { TallyFigures } from '../../../shared/model/report.ts';
import { INCIDENT_CATEGORIES, SEVERITIES } from '../../../shared/model/vocabulary.ts';
import { formatClock, formatCount } from '../format.ts';
import { BODY_LONG, SEVERITY_LABEL } from '../labels.ts';
import {
  COUNT_FIELDS,
  contestsOf,
  correctionDiff,
  definitionFor,
  FIGURE_LABEL,
  inputOf,
  pollingAreasInScope,
  type ReportScope,
  readFigures,
  type TallyInput,
  TURNOUT_HOURS,
  tallyReport,
  turnoutReport,
} from './forms.ts';
import { openOutbox } from './idb-store.ts';
import { MAX_PROOF_TRIES, newItem, type OutboxItem } from './outbox.ts';
import {
  checkTally,
  checkTurnout,
  checkUnitResult,
  type Finding,
  findingOf,
  notACount,
  tallyWarnings,
} from './rules.ts';
import { OutboxRunner } from './runner.ts';

/**
 * The reporting face: a polling area's turnout, its counting minutes for each contest and its
 * incidents, checked by the law in the page, kept in the outbox until the server takes them.
 *   #/e/<electionId>/report                  the credential's polling areas and the outbox
 *   #/e/<electionId>/report/<pollingAreaId>  one polling area's forms
 */

const CATEGORY_LABEL: Record<(typeof INCIDENT_CATEGORIES)[number], string> = {
  INTERRUPTION: 'Gián đoạn bỏ phiếu',
  SECURITY: 'An ninh, trật tự',
  WEATHER: 'Thời tiết',
  EQUIPMENT: 'Trang thiết bị',
  COMPLAINT: 'Khiếu nại',
  OTHER: 'Khác',
};

export const STATE_LABEL: Record<OutboxItem['state'], string> = {
  WAITING: 'Chờ gửi',
  SENDING: 'Đang gửi',
  ACCEPTED: 'Đã nhận',
  REJECTED: 'Bị từ chối',
};

/** What the face needs of the election: the definition, kept for opening without a network. */
function definitionKey(electionId: string): string {
  return `election-night.definition.${electionId}`;
}

async function loadDefinition(
  electionId: string,
  token: string,
  scope: ReportScope,
): Promise<ElectionDefinition | undefined> {
  try {
    const response = await fetch(`/v1/elections/${encodeURIComponent(electionId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) {
      const def = definitionFor((await response.json()) as ElectionDefinition, scope);
      try {
        localStorage.setItem(definitionKey(electionId), JSON.stringify(def));
      } catch {
        // Storage full or refused: it is read again when the network allows.
      }
      return def;
    }
  } catch {
    // Offline: the copy kept from the last time.
  }
  const kept = localStorage.getItem(definitionKey(electionId));
  return kept ? (JSON.parse(kept) as ElectionDefinition) : undefined;
}

export function reportPath(
  hash: string,
): { electionId: string; pollingAreaId?: string; contestId?: string } | undefined {
  const unit = /^#\/e\/([A-Za-z0-9._:-]{1,64})\/report\/unit\/([A-Za-z0-9._:-]{1,64})\/?$/.exec(hash);
  if (unit?.[1] && unit[2]) return { electionId: unit[1], contestId: unit[2] };
  const m = /^#\/e\/([A-Za-z0-9._:-]{1,64})\/report(?:\/([A-Za-z0-9._:-]{1,64}))?\/?$/.exec(hash);
  if (!m?.[1]) return undefined;
  return m[2] ? { electionId: m[1], pollingAreaId: m[2] } : { electionId: m[1] };
}

export function ReportingFace({
  token,
  scope,
  electionId,
  onSignOut,
}: {
  token: string;
  scope: ReportScope;
  electionId: string;
  onSignOut: () => void;
}) {
  const [def, setDef] = useState<ElectionDefinition | 'loading' | 'missing'>('loading');
  // The log is read by every role that reads results: all but a reporter, who keeps the leaf hash.
  const readsLog = scope.role !== 'REPORTER';
  const [hash, setHash] = useState(location.hash);
  const [runner, setRunner] = useState<OutboxRunner>();
  const [durable, setDurable] = useState(true);
  const [, setTick] = useState(0);

  useEffect(() => {
    void loadDefinition(electionId, token, scope).then((d) => setDef(d ?? 'missing'));
  }, [electionId, token, scope]);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    let made: OutboxRunner | undefined;
    let unsubscribe = () => {};
    void openOutbox().then(({ store, durable: onDisk }) => {
      made = new OutboxRunner(store, token, readsLog);
      unsubscribe = made.subscribe(() => setTick((t) => t + 1));
      setDurable(onDisk);
      setRunner(made);
      void made.reload().then(() => made?.kick());
    });
    return () => {
      unsubscribe();
      made?.stop();
    };
  }, [token]);

  const path = reportPath(hash);
  const items = (runner?.all() ?? []).filter((i) => i.electionId === electionId);
  if (def === 'loading') return <p class="loading">Đang tải danh sách khu vực bỏ phiếu…</p>;
  if (def === 'missing')
    return (
      <main id="main" class="report">
        <h1 id="page-title">Không tải được cuộc bầu cử</h1>
        <p role="alert">Chưa có kết nối mạng và thiết bị này chưa lưu cuộc bầu cử “{electionId}”.</p>
      </main>
    );
  const areas = pollingAreasInScope(def, scope);
  const area = path?.pollingAreaId ? areas.find((pa) => pa.id === path.pollingAreaId) : undefined;
  return (
    <>
      {def.mode === 'TEST' && (
        <div class="test-banner">
          <strong>DỮ LIỆU THỬ NGHIỆM – KHÔNG PHẢI KẾT QUẢ CHÍNH THỨC</strong>
        </div>
      )}
      <header class="top">
        <div class="brand">
          <a href={`#/e/${electionId}/report`} class="site">
            Gửi báo cáo
          </a>
          <span class="election">{def.name}</span>
        </div>
        <nav aria-label="Chức năng" class="tools">
          <button type="button" class="secondary" onClick={onSignOut}>
            Đăng xuất
          </button>
        </nav>
      </header>
      {runner?.blocked === 'unauthorized' && (
        <div class="banner lost" role="alert">
          Mã truy cập không còn hiệu lực: các báo cáo vẫn được giữ trên thiết bị này và sẽ được gửi khi bạn
          đăng nhập lại.
        </div>
      )}
      {!durable && (
        <div class="banner stale" role="alert">
          Trình duyệt này không cho lưu dữ liệu: đừng đóng trang khi còn báo cáo chờ gửi.
        </div>
      )}
      <main id="main" class="report" tabIndex={-1}>
        {path?.pollingAreaId && !area ? (
          <>
            <h1 id="page-title">Không gửi được cho khu vực này</h1>
            <p role="alert">
              Mã truy cập của bạn không được gửi báo cáo cho khu vực bỏ phiếu “{path.pollingAreaId}”.
            </p>
            <p>
              <a href={`#/e/${electionId}/report`}>Về danh sách khu vực của bạn</a>
            </p>
          </>
        ) : area && runner ? (
          <AreaForms def={def} area={area} runner={runner} token={token} items={items} />
        ) : scope.role === 'COUNCIL' || scope.role === 'ADMIN' ? (
          <UnitResults def={def} electionId={electionId} contestId={path?.contestId} runner={runner} />
        ) : (
          <AreaList def={def} areas={areas} electionId={electionId} />
        )}
        <Outbox items={items} def={def} readsLog={readsLog} />
      </main>
    </>
  );
}

function AreaList({
  def,
  areas,
  electionId,
}: {
  def: ElectionDefinition;
  areas: readonly PollingArea[];
  electionId: string;
}) {
  const communes = new Map(def.communes.map((c) => [c.id, c.name]));
  return (
    <>
      <h1 id="page-title">Khu vực bỏ phiếu của bạn</h1>
      {areas.length === 0 ? (
        <p>Mã truy cập này không gửi báo cáo cho khu vực bỏ phiếu nào.</p>
      ) : (
        <ul class="areas">
          {areas.map((pa) => (
            <li key={pa.id}>
              <a href={`#/e/${electionId}/report/${pa.id}`}>
                {pa.name} — {communes.get(pa.communeId) ?? pa.communeId}
              </a>{' '}
              <span class="muted">
                ({pa.id}, {formatCount(pa.registeredVoters)} cử tri)
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The server's current version of a polling area's minutes for a contest, when it can be read. */
async function currentVersion(
  electionId: string,
  pa: string,
  contest: string,
  token: string,
): Promise<{ version: number; figures?: TallyFigures } | undefined> {
  try {
    const response = await fetch(
      `/v1/elections/${encodeURIComponent(electionId)}/polling-areas/${encodeURIComponent(pa)}/tallies/${encodeURIComponent(contest)}`,
      { cache: 'no-store', headers: { authorization: `Bearer ${token}` } },
    );
    if (!response.ok) return undefined;
    const body = (await response.json()) as {
      currentVersion: number;
      versions: (TallyFigures & { version: number })[];
    };
    const last = body.versions.at(-1);
    return last ? { version: body.currentVersion, figures: last } : { version: 0 };
  } catch {
    return undefined;
  }
}

function AreaForms({
  def,
  area,
  runner,
  token,
  items,
}: {
  def: ElectionDefinition;
  area: PollingArea;
  runner: OutboxRunner;
  token: string;
  items: readonly OutboxItem[];
}) {
  const contests = contestsOf(def, area);
  return (
    <>
      <h1 id="page-title">{area.name}</h1>
      <p class="subtitle">
        {area.id} · {formatCount(area.registeredVoters)} cử tri trong danh sách
      </p>
      <TurnoutForm key={area.id} def={def} area={area} runner={runner} />
      {contests.map((c) => (
        <TallyForm
          key={`${area.id}-${c.id}`}
          def={def}
          area={area}
          contest={c}
          runner={runner}
          token={token}
          items={items}
        />
      ))}
      <IncidentForm key={area.id} def={def} area={area} runner={runner} />
    </>
  );
}

/** The renderer of a form's count fields, each bound to the form's input and findings. */
function countFields(
  base: string,
  input: TallyInput,
  setInput: (input: TallyInput) => void,
  findings: readonly Finding[],
) {
  return (name: string, label: string) => (
    <CountField
      key={name}
      id={`${base}-${name.replace('/', '-')}`}
      label={label}
      value={input[name] ?? ''}
      onValue={(value) => setInput({ ...input, [name]: value })}
      problems={findings.filter((f) => f.field === name)}
    />
  );
}

/** One count of a minute: its label, its input, and the rules it breaks beside it. */
function CountField({
  id,
  label,
  value,
  onValue,
  problems,
}: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  problems: readonly Finding[];
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="off"
        value={value}
        aria-invalid={problems.length > 0 ? 'true' : undefined}
        aria-describedby={problems.length > 0 ? `${id}-problems` : undefined}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
      />
      <FieldProblems id={`${id}-problems`} findings={problems} />
    </div>
  );
}

function FieldProblems({ id, findings }: { id: string; findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul id={id} class="field-problems">
      {findings.map((f) => (
        <li key={f.code}>{f.text}</li>
      ))}
    </ul>
  );
}

function Sent({ message }: { message: string | undefined }) {
  return message ? (
    <p class="sent" role="status">
      {message}
    </p>
  ) : null;
}

function TurnoutForm({
  def,
  area,
  runner,
}: {
  def: ElectionDefinition;
  area: PollingArea;
  runner: OutboxRunner;
}) {
  const [hour, setHour] = useState<string>(TURNOUT_HOURS[0]);
  const [voted, setVoted] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [sent, setSent] = useState<string>();
  const base = `turnout-${area.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = voted.replace(/[.\s]/g, '');
    const problems = /^\d{1,9}$/.test(text)
      ? checkTurnout({ registeredVoters: area.registeredVoters, votersVoted: Number(text) })
      : [notACount('votersVoted')];
    setFindings(problems);
    if (problems.length > 0) return;
    const report = turnoutReport(crypto.randomUUID(), def, area, hour, Number(text));
    await runner.add(newItem(def.id, report, Date.now()));
    setVoted('');
    setSent(`Đã đưa báo cáo lúc ${hour}:00 vào hộp chờ gửi.`);
  };
  return (
    <section class="report-form" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>Số cử tri đi bầu trong ngày</h2>
      <form onSubmit={submit} noValidate>
        <label for={`${base}-hour`}>Giờ báo cáo</label>
        <select
          id={`${base}-hour`}
          value={hour}
          onChange={(e) => setHour((e.target as HTMLSelectElement).value)}
        >
          {TURNOUT_HOURS.map((h) => (
            <option key={h} value={h}>
              {h}:00
            </option>
          ))}
        </select>
        <label for={`${base}-voted`}>Số cử tri đã bỏ phiếu (trên {formatCount(area.registeredVoters)})</label>
        <input
          id={`${base}-voted`}
          inputMode="numeric"
          autoComplete="off"
          value={voted}
          aria-invalid={findings.length > 0 ? 'true' : undefined}
          aria-describedby={findings.length > 0 ? `${base}-problems` : undefined}
          onInput={(e) => setVoted((e.target as HTMLInputElement).value)}
        />
        <FieldProblems id={`${base}-problems`} findings={findings} />
        <button type="submit">Gửi báo cáo số cử tri</button>
        <Sent message={sent} />
      </form>
    </section>
  );
}

function TallyForm({
  def,
  area,
  contest,
  runner,
  token,
  items,
}: {
  def: ElectionDefinition;
  area: PollingArea;
  contest: Contest;
  runner: OutboxRunner;
  token: string;
  items: readonly OutboxItem[];
}) {
  const base = `tally-${contest.id}`;
  const [input, setInput] = useState<TallyInput>({ registeredVoters: String(area.registeredVoters) });
  const [reason, setReason] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [confirm, setConfirm] = useState<{ figures: TallyFigures; version: number }>();
  const [server, setServer] = useState<{ version: number; figures?: TallyFigures }>();
  const [sent, setSent] = useState<string>();
  const [warnings, setWarnings] = useState<Finding[]>([]);
  const [checkedAgainstPaper, setChecked] = useState(false);
  useEffect(() => {
    void currentVersion(def.id, area.id, contest.id, token).then(setServer);
  }, [def.id, area.id, contest.id, token, items.length]);

  // The highest version known: the server's, or one this device has queued or sent since.
  const mine = items.filter(
    (i) =>
      i.report.type === 'tally' &&
      i.report.pollingAreaId === area.id &&
      i.report.contestId === contest.id &&
      i.state !== 'REJECTED',
  );
  const localVersion = Math.max(0, ...mine.map((i) => Number(i.report.version)));
  const known = Math.max(localVersion, server?.version ?? 0);
  const latest = mine.find((i) => Number(i.report.version) === known)?.report as TallyFigures | undefined;
  const previous: TallyFigures | undefined = latest ?? server?.figures;
  const version = known + 1;
  const correcting = version > 1;

  const startCorrection = () => previous && setInput(inputOf(previous));

  // A second press while the first is still being kept (a double click) sends nothing more.
  const busy = useRef(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy.current) return;
    const { figures, unreadable } = readFigures(input, contest);
    const problems: Finding[] = unreadable.map(notACount);
    if (unreadable.length === 0)
      problems.push(
        ...checkTally(
          figures,
          contest,
          correcting ? { version, correctionReason: reason.trim() } : undefined,
        ),
      );
    setFindings(problems);
    setConfirm(undefined);
    if (problems.length > 0) {
      document.getElementById(`${base}-${problems[0]?.field.replace('/', '-')}`)?.focus();
      return;
    }
    const unusual = tallyWarnings(figures, correcting ? previous : undefined);
    setWarnings(unusual);
    if (unusual.length > 0 && !checkedAgainstPaper) return;
    if (correcting && previous) {
      setConfirm({ figures, version });
      return;
    }
    await enqueue(figures, version);
  };

  const enqueue = async (figures: TallyFigures, v: number) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const reasonText = v > 1 ? reason.trim() : undefined;
      const report = tallyReport(crypto.randomUUID(), area, contest, figures, v, reasonText);
      await runner.add(newItem(def.id, report, Date.now()));
      setConfirm(undefined);
      setReason('');
      setWarnings([]);
      setChecked(false);
      setSent(`Đã đưa biên bản (bản ${v}) vào hộp chờ gửi.`);
    } finally {
      busy.current = false;
    }
  };

  const field = countFields(base, input, setInput, findings);
  const wholeForm = findings.filter((f) => f.field === 'candidateVotes' || f.field === 'correctionReason');
  return (
    <section class="report-form" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>
        Biên bản kiểm phiếu — {BODY_LONG[contest.body]}, {contest.name}
      </h2>
      <p class="muted">
        {contest.seats} đại biểu được bầu, {contest.candidates.length} người ứng cử
        {known > 0 ? `; đã có bản ${known}` : ''}.{' '}
        {known > 0 && previous && (
          <button type="button" class="secondary" onClick={startCorrection}>
            Sửa từ bản {known}
          </button>
        )}
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Số liệu của biên bản</legend>
          {COUNT_FIELDS.map((f) => field(f, FIGURE_LABEL[f]))}
        </fieldset>
        <fieldset>
          <legend>Số phiếu bầu cho từng người ứng cử (theo thứ tự trên phiếu bầu)</legend>
          {contest.candidates.map((c, i) => field(`candidateVotes/${c.id}`, `${i + 1}. ${c.name}`))}
        </fieldset>
        {correcting && (
          <div class="field">
            <label for={`${base}-reason`}>Lý do sửa (bắt buộc khi sửa biên bản)</label>
            <input
              id={`${base}-reason`}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
          </div>
        )}
        <FieldProblems id={`${base}-problems`} findings={wholeForm} />
        {warnings.length > 0 && (
          <div class="warnings">
            <p>
              <strong>Lưu ý:</strong> số liệu hợp lệ nhưng khác thường.
            </p>
            <ul>
              {warnings.map((w) => (
                <li key={w.code}>{w.text}</li>
              ))}
            </ul>
            <label class="check">
              <input
                type="checkbox"
                checked={checkedAgainstPaper}
                onChange={(e) => setChecked((e.target as HTMLInputElement).checked)}
              />{' '}
              Tôi đã đối chiếu với biên bản giấy: số liệu đúng.
            </label>
          </div>
        )}
        {confirm && previous ? (
          <fieldset class="diff">
            <legend>
              Bản {confirm.version} sửa bản {confirm.version - 1} như sau:
            </legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">Số liệu</th>
                  <th scope="col" class="num">
                    Bản {confirm.version - 1}
                  </th>
                  <th scope="col" class="num">
                    Bản {confirm.version}
                  </th>
                </tr>
              </thead>
              <tbody>
                {correctionDiff(previous, confirm.figures, contest).map((d) => (
                  <tr key={d.label}>
                    <th scope="row">{d.label}</th>
                    <td class="num">{d.from === null ? '–' : formatCount(d.from)}</td>
                    <td class="num">{d.to === null ? '–' : formatCount(d.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => void enqueue(confirm.figures, confirm.version)}>
              Xác nhận và gửi bản sửa
            </button>
          </fieldset>
        ) : (
          <button type="submit">{correcting ? `Xem thay đổi của bản ${version}` : 'Gửi biên bản'}</button>
        )}
        <Sent message={sent} />
      </form>
    </section>
  );
}

function IncidentForm({
  def,
  area,
  runner,
}: {
  def: ElectionDefinition;
  area: PollingArea;
  runner: OutboxRunner;
}) {
  const base = `incident-${area.id}`;
  const [category, setCategory] = useState<string>('INTERRUPTION');
  const [severity, setSeverity] = useState<string>('MEDIUM');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string>();
  const [sent, setSent] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (description.trim() === '') {
      setProblem('Hãy mô tả sự cố.');
      return;
    }
    setProblem(undefined);
    const report = {
      type: 'incident',
      submissionId: crypto.randomUUID(),
      pollingAreaId: area.id,
      category,
      severity,
      occurredAt: new Date().toISOString(),
      description: description.trim(),
    };
    await runner.add(newItem(def.id, report, Date.now()));
    setDescription('');
    setSent('Đã đưa báo cáo sự cố vào hộp chờ gửi.');
  };
  return (
    <section class="report-form" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>Báo cáo sự cố</h2>
      <form onSubmit={submit} noValidate>
        <label for={`${base}-category`}>Loại sự cố</label>
        <select
          id={`${base}-category`}
          value={category}
          onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
        >
          {INCIDENT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABEL[c]}
            </option>
          ))}
        </select>
        <label for={`${base}-severity`}>Mức độ</label>
        <select
          id={`${base}-severity`}
          value={severity}
          onChange={(e) => setSeverity((e.target as HTMLSelectElement).value)}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABEL[s]}
            </option>
          ))}
        </select>
        <label for={`${base}-description`}>Mô tả</label>
        <textarea
          id={`${base}-description`}
          value={description}
          rows={3}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? `${base}-problem` : undefined}
          onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
        />
        {problem && (
          <p id={`${base}-problem`} class="field-problems">
            {problem}
          </p>
        )}
        <button type="submit">Gửi báo cáo sự cố</button>
        <Sent message={sent} />
      </form>
    </section>
  );
}

/**
 * An electoral board's own result minutes (Art. 77), filed by the council: the unit's figures,
 * each candidate's votes and who the board declared elected. The system compares them with what it
 * counted from the polling areas' minutes.
 */
function UnitResults({
  def,
  electionId,
  contestId,
  runner,
}: {
  def: ElectionDefinition;
  electionId: string;
  contestId: string | undefined;
  runner: OutboxRunner | undefined;
}) {
  const [provinceId, setProvinceId] = useState(def.provinces[0]?.id ?? '');
  const contest = contestId ? def.contests.find((c) => c.id === contestId) : undefined;
  if (contest && runner) return <UnitResultForm def={def} contest={contest} runner={runner} />;
  const contests = def.contests.filter((c) => c.provinceId === provinceId);
  return (
    <>
      <h1 id="page-title">Biên bản xác định kết quả bầu cử của Ban bầu cử</h1>
      <label for="unit-province">Tỉnh, thành phố</label>
      <select
        id="unit-province"
        value={provinceId}
        onChange={(e) => setProvinceId((e.target as HTMLSelectElement).value)}
      >
        {def.provinces.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <ul class="areas">
        {contests.map((c) => (
          <li key={c.id}>
            <a href={`#/e/${electionId}/report/unit/${c.id}`}>
              {BODY_LONG[c.body]} — {c.name}
            </a>{' '}
            <span class="muted">({c.id})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function UnitResultForm({
  def,
  contest,
  runner,
}: {
  def: ElectionDefinition;
  contest: Contest;
  runner: OutboxRunner;
}) {
  const base = `unit-${contest.id}`;
  const [input, setInput] = useState<TallyInput>({});
  const [elected, setElected] = useState<string[]>([]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [sent, setSent] = useState<string>();
  const busy = useRef(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy.current) return;
    const { figures, unreadable } = readFigures(input, contest);
    const problems: Finding[] = unreadable.map(notACount);
    if (unreadable.length === 0) problems.push(...checkUnitResult(figures, elected, contest));
    setFindings(problems);
    if (problems.length > 0) return;
    busy.current = true;
    try {
      const report = {
        type: 'unitResult',
        submissionId: crypto.randomUUID(),
        contestId: contest.id,
        ...figures,
        electedCandidateIds: elected,
      };
      await runner.add(newItem(def.id, report, Date.now()));
      setSent('Đã đưa biên bản của Ban bầu cử vào hộp chờ gửi.');
    } finally {
      busy.current = false;
    }
  };
  const field = countFields(base, input, setInput, findings);
  const rest = findings.filter(
    (f) => !f.field.startsWith('candidateVotes/') && !COUNT_FIELDS.includes(f.field as never),
  );
  return (
    <section class="report-form" aria-labelledby={`${base}-title`}>
      <h1 id="page-title">Biên bản xác định kết quả bầu cử</h1>
      <h2 id={`${base}-title`}>
        {BODY_LONG[contest.body]} — {contest.name}
      </h2>
      <p class="muted">{contest.seats} đại biểu được bầu (Điều 77, Luật số 85/2015/QH13).</p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Số liệu của đơn vị bầu cử</legend>
          {COUNT_FIELDS.map((f) => field(f, FIGURE_LABEL[f]))}
        </fieldset>
        <fieldset>
          <legend>Số phiếu bầu và người trúng cử</legend>
          {contest.candidates.map((c, i) => (
            <div key={c.id}>
              {field(`candidateVotes/${c.id}`, `${i + 1}. ${c.name}`)}
              <label class="check">
                <input
                  type="checkbox"
                  checked={elected.includes(c.id)}
                  onChange={(e) =>
                    setElected(
                      (e.target as HTMLInputElement).checked
                        ? [...elected, c.id]
                        : elected.filter((id) => id !== c.id),
                    )
                  }
                />{' '}
                Trúng cử
              </label>
            </div>
          ))}
        </fieldset>
        <FieldProblems id={`${base}-problems`} findings={rest} />
        <button type="submit">Gửi biên bản của Ban bầu cử</button>
        <Sent message={sent} />
      </form>
    </section>
  );
}

function describe(item: OutboxItem, def: ElectionDefinition): string {
  const r = item.report;
  const contest = def.contests.find((c) => c.id === r.contestId);
  switch (r.type) {
    case 'tally':
      return `Biên bản ${contest?.name ?? String(r.contestId)} (${contest ? BODY_LONG[contest.body] : ''}), bản ${String(r.version)}, khu vực ${String(r.pollingAreaId)}`;
    case 'turnout':
      return `Số cử tri đi bầu lúc ${String(r.asOf).slice(11, 16)}, khu vực ${String(r.pollingAreaId)}: ${formatCount(Number(r.votersVoted))}`;
    case 'incident':
      return `Sự cố tại khu vực ${String(r.pollingAreaId)}: ${String(r.description)}`;
    case 'unitResult':
      return `Biên bản của Ban bầu cử, ${contest ? `${BODY_LONG[contest.body]}, ${contest.name}` : String(r.contestId)}`;
    default:
      return String(r.type);
  }
}

/** The figures of an accepted report, as the server stored them (it stores what it accepts). */
function storedFigures(report: Readonly<Record<string, unknown>>): string {
  const parts = COUNT_FIELDS.filter((f) => typeof report[f] === 'number').map(
    (f) => `${FIGURE_LABEL[f]}: ${formatCount(Number(report[f]))}`,
  );
  const votes = report.candidateVotes as Record<string, number> | undefined;
  if (votes) parts.push(`phiếu bầu: ${Object.values(votes).map(formatCount).join(' · ')}`);
  return parts.join('; ');
}

/** Where the receipt's inclusion proof stands, in the official's words. */
function proofText(item: OutboxItem, readsLog: boolean): string {
  const anyone = 'ai có quyền xem kết quả (ban bầu cử tỉnh, quan sát viên) đều kiểm tra được bằng mã trên';
  if (!readsLog) return `Lưu mã này: ${anyone}.`;
  if (item.proof)
    return `Đã kiểm tra: bản ghi số ${formatCount(item.proof.leafIndex + 1)} trong cây ${formatCount(item.proof.treeSize)} bản ghi đã ký (gốc ${item.proof.rootHash.slice(0, 12)}…).`;
  if (item.proofProblem === 'PROOF_DOES_NOT_VERIFY' || item.proofProblem === 'LEAF_HASH_DIFFERS')
    return 'Bằng chứng KHÔNG khớp với nhật ký đã ký — hãy báo ngay cho ban bầu cử.';
  if (item.proofProblem === 'HTTP 403') return `Mã truy cập này không xem được nhật ký; ${anyone}.`;
  if (item.proofProblem) return `Chưa lấy được bằng chứng (${item.proofProblem}).`;
  if (item.proofTries !== undefined && item.proofTries >= MAX_PROOF_TRIES)
    return `Chưa có bằng chứng; ${anyone}.`;
  return 'Đang chờ nhật ký ký xác nhận…';
}

/** Everything sent from this device, newest first, each with its state and, once taken, its receipt. */
function Outbox({
  items,
  def,
  readsLog,
}: {
  items: readonly OutboxItem[];
  def: ElectionDefinition;
  readsLog: boolean;
}) {
  const now = useMemo(() => Date.now(), [items]);
  const waiting = items.filter((i) => i.state === 'WAITING' || i.state === 'SENDING').length;
  return (
    <section class="outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Đã gửi từ thiết bị này</h2>
      <p role="status" class="muted">
        {waiting > 0 ? `${formatCount(waiting)} báo cáo đang chờ gửi.` : 'Không còn báo cáo nào chờ gửi.'}
      </p>
      {items.length > 0 && (
        <ol class="outbox-items">
          {items.map((item) => (
            <li
              key={item.id}
              class={`outbox-item state-${item.state.toLowerCase()}`}
              data-submission={item.id}
            >
              <p>
                <span class="state">{STATE_LABEL[item.state]}</span> {describe(item, def)}
              </p>
              {item.state === 'WAITING' && item.lastError && (
                <p class="muted">
                  Lần thử gần nhất chưa được ({item.lastError}); sẽ tự gửi lại
                  {item.notBefore > now
                    ? ` lúc ${formatClock(new Date(item.notBefore).toISOString(), now)}`
                    : ''}
                  .
                </p>
              )}
              {item.receipt && (
                <dl class="receipt">
                  <dt>Mã gửi</dt>
                  <dd>{item.receipt.submissionId}</dd>
                  <dt>Máy chủ nhận lúc</dt>
                  <dd>
                    <time dateTime={item.receipt.receivedAt}>
                      {formatClock(item.receipt.receivedAt, now)}
                    </time>
                  </dd>
                  {item.receipt.leafHash && (
                    <>
                      <dt>Mã nhật ký minh bạch</dt>
                      <dd class="hash">{item.receipt.leafHash}</dd>
                      <dt>Bằng chứng trong nhật ký</dt>
                      <dd class={item.proofProblem ? 'proof proof-problem' : 'proof'}>
                        {proofText(item, readsLog)}
                      </dd>
                    </>
                  )}
                  {item.report.type === 'tally' && (
                    <>
                      <dt>Bản</dt>
                      <dd>{String(item.report.version)}</dd>
                    </>
                  )}
                  {item.report.type !== 'incident' && item.report.votersVoted !== undefined && (
                    <>
                      <dt>Số liệu đã lưu</dt>
                      <dd>{storedFigures(item.report)}</dd>
                    </>
                  )}
                  {item.receipt.warnings.length > 0 && (
                    <>
                      <dt>Lưu ý</dt>
                      <dd>{item.receipt.warnings.map((w) => w.code).join(', ')}</dd>
                    </>
                  )}
                </dl>
              )}
              {item.problems && (
                <ul class="field-problems">
                  {item.problems.map((p) => (
                    <li key={`${p.code}-${p.path ?? ''}`}>{findingOf(p).text}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
