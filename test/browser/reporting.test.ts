import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/model/election.ts';
import { call, credential, eventually, smallElection, uniqueId } from '../integration/client.ts';
import { patient } from '../support/patience.ts';
import { axeViolations, horizontalOverflow, launch, newPage, screenshot, screenshotOf } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const AREA = '01-001-01';
const FIELD_PHONE = { width: 360, height: 780 } as const;

/** smallElection with a polling area that counts three contests, as most do on the day. */
function threeContestElection(id: string): ElectionDefinition {
  const def = smallElection(id);
  return {
    ...def,
    contests: [
      ...def.contests,
      {
        id: 'PC-01-01',
        body: 'PROVINCIAL_COUNCIL',
        name: 'Đơn vị bầu cử số 1',
        provinceId: '01',
        seats: 1,
        candidates: [
          { id: 'PC-01-01-1', name: 'Đỗ Văn Hải', birthDate: '1970-05-05' },
          { id: 'PC-01-01-2', name: 'Vũ Thị Lan', birthDate: '1975-07-07' },
        ],
      },
      {
        id: 'CC-01-001-01',
        body: 'COMMUNE_COUNCIL',
        name: 'Đơn vị bầu cử số 1',
        provinceId: '01',
        communeId: '01-001',
        seats: 1,
        candidates: [
          { id: 'CC-01-001-01-1', name: 'Hoàng Văn Minh', birthDate: '1966-02-02' },
          { id: 'CC-01-001-01-2', name: 'Ngô Thị Hoa', birthDate: '1979-09-09' },
        ],
      },
    ],
    pollingAreas: def.pollingAreas.map((pa) =>
      pa.id === AREA ? { ...pa, contestIds: ['NA-01-01', 'PC-01-01', 'CC-01-001-01'] } : pa,
    ),
  } as ElectionDefinition;
}

async function election(prefix: string): Promise<{ id: string; token: string }> {
  const id = uniqueId(prefix);
  const loaded = await call('PUT', `/v1/elections/${id}`, { body: threeContestElection(id) });
  expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
  const { token } = await credential('REPORTER', { pollingAreaIds: [AREA] });
  return { id, token };
}

async function openArea(page: Page, token: string, id: string, area = AREA) {
  await page.goto(`./#token=${encodeURIComponent(token)}&/e/${id}/report/${area}`);
  await page.locator('h1#page-title').waitFor();
}

const section = (page: Page, contestId: string) =>
  page.locator(`section[aria-labelledby="tally-${contestId}-title"]`);

/** Types a counting minute into its form, figure by figure, as an official copies the paper. */
async function fillTally(page: Page, contestId: string, figures: Record<string, number>, votes: number[]) {
  for (const [field, value] of Object.entries(figures))
    await page.fill(`#tally-${contestId}-${field}`, String(value));
  const inputs = section(page, contestId).locator('input[id*="-candidateVotes-"]');
  for (const [i, v] of votes.entries()) await inputs.nth(i).fill(String(v));
}

const LAWFUL = {
  registeredVoters: 1000,
  votersVoted: 900,
  ballotsIssued: 900,
  ballotsReceived: 900,
  validBallots: 880,
  invalidBallots: 20,
};
const NA_VOTES = [700, 600, 300, 160];

const outboxStates = (page: Page) => page.locator('.outbox-item .state').allTextContents();

async function versions(id: string, contestId: string) {
  return (await call('GET', `/v1/elections/${id}/polling-areas/${AREA}/tallies/${contestId}`)).body;
}

describe('reporting from the polling area', () => {
  it('sends its turnout and three counting minutes, and each is counted', async () => {
    const { id, token } = await election('rep-send');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      await page.selectOption(`#turnout-${AREA}-hour`, '11');
      await page.fill(`#turnout-${AREA}-voted`, '500');
      await page.getByRole('button', { name: 'Gửi báo cáo số cử tri' }).click();
      await fillTally(page, 'NA-01-01', LAWFUL, NA_VOTES);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      await fillTally(page, 'PC-01-01', LAWFUL, [500, 380]);
      await section(page, 'PC-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      await fillTally(page, 'CC-01-001-01', LAWFUL, [450, 430]);
      await section(page, 'CC-01-001-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      await expect
        .poll(() => outboxStates(page), { timeout: patient(60_000) })
        .toEqual(Array(4).fill('Đã nhận'));
      // Each receipt names its submission and when the server took it.
      expect(await page.locator('.receipt').count()).toBe(4);
      // …and the transparency log's leaf hash of the version stored, for anyone to prove it later.
      const hashes = await page.locator('.receipt dd.hash').allTextContents();
      expect(hashes).toHaveLength(4);
      for (const hash of hashes) expect(hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      // A reporter may not read the log: the receipt says who can prove it with that hash.
      expect(await page.locator('.receipt dd.proof').first().textContent()).toContain('Lưu mã này');
      await screenshotOf(page.locator('.receipt').first(), 'report-receipt-phone');

      for (const contestId of ['NA-01-01', 'PC-01-01', 'CC-01-001-01']) {
        const counted = await eventually(
          () => call('GET', `/v1/elections/${id}/results/contests/${contestId}`),
          (a) => a.body?.pollingAreas?.reporting === 1,
        );
        expect(counted.body.candidates.length).toBeGreaterThan(1);
      }
      const na = await call('GET', `/v1/elections/${id}/results/contests/NA-01-01`);
      expect(na.body.candidates.map((c: { votes: number }) => c.votes)).toEqual(NA_VOTES);
      const series = await eventually(
        () => call('GET', `/v1/elections/${id}/turnout?provinceId=01`),
        (a) => a.body?.series?.length === 1,
      );
      expect(series.body.series[0]).toMatchObject({ slot: '11:00', votersVoted: 500 });
    } finally {
      await context.close();
    }
  });

  it('refuses broken minutes in the page, beside each field, without sending anything', async () => {
    const { id, token } = await election('rep-broken');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(r.url());
      });
      await openArea(page, token, id);
      // Received ≠ valid + invalid, and a candidate above the valid ballots.
      await fillTally(page, 'NA-01-01', { ...LAWFUL, ballotsReceived: 895 }, [890, 500, 300, 100]);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      const received = page.locator('#tally-NA-01-01-ballotsReceived');
      await expect.poll(() => received.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#tally-NA-01-01-ballotsReceived-problems').textContent()).toContain(
        'Số phiếu thu vào phải bằng số phiếu hợp lệ cộng số phiếu không hợp lệ (Điều 76',
      );
      expect(
        await page.locator('#tally-NA-01-01-candidateVotes-NA-01-01-1-problems').textContent(),
      ).toContain('Điều 74');
      await screenshot(page, 'report-broken-rule-phone');
      await screenshotOf(section(page, 'NA-01-01'), 'report-broken-rule-minute');
      expect(posts).toEqual([]);
      expect(await page.locator('.outbox [role=status]').textContent()).toBe(
        'Không còn báo cáo nào chờ gửi.',
      );
    } finally {
      await context.close();
    }
  });

  it('keeps three reports through a lost network and a closed tab, and sends each once, in version order', async () => {
    const { id, token } = await election('rep-offline');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      await context.setOffline(true);
      await fillTally(page, 'NA-01-01', LAWFUL, NA_VOTES);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      for (const [version, votes] of [
        [2, [700, 590, 310, 160]],
        [3, [700, 595, 305, 160]],
      ] as const) {
        await expect.poll(() => outboxStates(page)).toHaveLength(version - 1);
        await correct(page, version, votes, `Cộng lại lần ${version - 1}`);
      }
      await expect.poll(() => outboxStates(page)).toEqual(['Chờ gửi', 'Chờ gửi', 'Chờ gửi']);
      await page.close();

      // Reopened with no network: the shell from the service worker, the outbox from IndexedDB.
      const again = await context.newPage();
      await openArea(again, token, id);
      await expect.poll(() => outboxStates(again)).toEqual(['Chờ gửi', 'Chờ gửi', 'Chờ gửi']);
      expect((await versions(id, 'NA-01-01')).currentVersion).toBe(0);

      await context.setOffline(false);
      await expect
        .poll(() => outboxStates(again), { timeout: patient(60_000) })
        .toEqual(['Đã nhận', 'Đã nhận', 'Đã nhận']);
      const stored = await versions(id, 'NA-01-01');
      expect(stored.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
      expect(stored.versions[2].correctionReason).toBe('Cộng lại lần 2');
    } finally {
      await context.close();
    }
  });

  it('makes one version of a double click, and of two tabs sending the same outbox', async () => {
    const { id, token } = await election('rep-twice');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      await context.setOffline(true);
      await fillTally(page, 'NA-01-01', LAWFUL, NA_VOTES);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).dblclick();
      await expect.poll(() => outboxStates(page)).toEqual(['Chờ gửi']);
      const second = await context.newPage();
      await openArea(second, token, id);
      await expect.poll(() => outboxStates(second)).toEqual(['Chờ gửi']);
      // Both tabs see the network come back and both try the outbox.
      await context.setOffline(false);
      await expect.poll(() => outboxStates(page), { timeout: patient(60_000) }).toEqual(['Đã nhận']);
      await expect.poll(() => outboxStates(second), { timeout: patient(60_000) }).toEqual(['Đã nhận']);
      const stored = await versions(id, 'NA-01-01');
      expect(stored.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    } finally {
      await context.close();
    }
  });

  it('shows a correction’s changes before it is sent, and asks for its reason', async () => {
    const { id, token } = await election('rep-correct');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      await fillTally(page, 'NA-01-01', LAWFUL, NA_VOTES);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      await expect.poll(() => outboxStates(page), { timeout: patient(60_000) }).toEqual(['Đã nhận']);

      await section(page, 'NA-01-01').getByRole('button', { name: 'Sửa từ bản 1' }).click();
      const inputs = section(page, 'NA-01-01').locator('input[id*="-candidateVotes-"]');
      await inputs.nth(1).fill('590');
      await inputs.nth(2).fill('310');
      await section(page, 'NA-01-01').getByRole('button', { name: 'Xem thay đổi của bản 2' }).click();
      await expect
        .poll(() => section(page, 'NA-01-01').textContent())
        .toContain('Bản sửa phải ghi lý do sửa.');
      await page.fill('#tally-NA-01-01-reason', 'Cộng nhầm phiếu của hai người ứng cử');
      await section(page, 'NA-01-01').getByRole('button', { name: 'Xem thay đổi của bản 2' }).click();
      const diff = section(page, 'NA-01-01').locator('fieldset.diff');
      await diff.waitFor();
      expect(await diff.locator('tbody tr').allTextContents()).toEqual([
        'Số phiếu của Trần Thị Bình600590',
        'Số phiếu của Lê Hoàng Cường300310',
      ]);
      await screenshot(page, 'report-correction-phone');
      await diff.getByRole('button', { name: 'Xác nhận và gửi bản sửa' }).click();
      await expect
        .poll(() => outboxStates(page), { timeout: patient(60_000) })
        .toEqual(['Đã nhận', 'Đã nhận']);
      const stored = await versions(id, 'NA-01-01');
      expect(stored.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(stored.versions[1]).toMatchObject({ correctionReason: 'Cộng nhầm phiếu của hai người ứng cử' });
    } finally {
      await context.close();
    }
  });

  it('shows unusual but lawful figures as a warning, and sends them once checked against the paper', async () => {
    const { id, token } = await election('rep-warn');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      // 150 of 900 ballots invalid: lawful, far above the norm.
      await fillTally(
        page,
        'NA-01-01',
        { ...LAWFUL, validBallots: 750, invalidBallots: 150 },
        [600, 500, 300, 100],
      );
      const form = section(page, 'NA-01-01');
      await form.getByRole('button', { name: 'Gửi biên bản' }).click();
      await expect
        .poll(() => form.locator('.warnings').textContent())
        .toContain('Tỷ lệ phiếu không hợp lệ cao');
      expect(await outboxStates(page)).toEqual([]);
      await form.getByLabel('Tôi đã đối chiếu với biên bản giấy: số liệu đúng.').check();
      await form.getByRole('button', { name: 'Gửi biên bản' }).click();
      await expect.poll(() => outboxStates(page), { timeout: patient(60_000) }).toEqual(['Đã nhận']);
      // The server raised the same warning, and the receipt says so.
      expect(await page.locator('.receipt').textContent()).toContain('INVALID_SHARE_HIGH');
    } finally {
      await context.close();
    }
  });

  it('keeps with each receipt its inclusion proof, checked in the page against the signed checkpoint, and says so when one does not hold', async () => {
    const { id } = await election('rep-proof');
    const { token } = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      // First a log that lies: its checkpoint names a root no audit path leads to.
      await page.route('**/log/checkpoint', async (route) => {
        const response = await route.fetch();
        const [origin, size, , ...rest] = (await response.text()).split('\n');
        const forged = [origin, size, Buffer.alloc(32, 7).toString('base64'), ...rest].join('\n');
        await route.fulfill({ response, body: forged });
      });
      await openArea(page, token, id);
      await page.selectOption(`#turnout-${AREA}-hour`, '09');
      await page.fill(`#turnout-${AREA}-voted`, '200');
      await page.getByRole('button', { name: 'Gửi báo cáo số cử tri' }).click();
      const proofs = page.locator('.receipt dd.proof');
      await expect
        .poll(() => proofs.first().textContent(), { timeout: patient(60_000) })
        .toContain('KHÔNG khớp');
      expect(await proofs.first().getAttribute('class')).toContain('proof-problem');

      // Then the log as it is: the next receipt's proof leads to the signed root, and is kept.
      await page.unroute('**/log/checkpoint');
      await fillTally(page, 'NA-01-01', LAWFUL, NA_VOTES);
      await section(page, 'NA-01-01').getByRole('button', { name: 'Gửi biên bản' }).click();
      await expect
        .poll(() => proofs.first().textContent(), { timeout: patient(60_000) })
        .toMatch(/^Đã kiểm tra: bản ghi số [\d.]+ trong cây [\d.]+ bản ghi đã ký/);
      const submissionId = await page.locator('.outbox-item').first().getAttribute('data-submission');
      const served = await call('GET', `/v1/elections/${id}/log/proof/${submissionId}`);
      expect(served.status).toBe(200);
      const shown = await proofs.first().textContent();
      expect(shown).toContain(`bản ghi số ${(served.body.leafIndex + 1).toLocaleString('vi-VN')}`);
      await screenshotOf(page.locator('.receipt').first(), 'report-receipt-proof-phone');
    } finally {
      await context.close();
    }
  });

  it("lets the council file a board's result minutes, refusing in the page more elected than seats", async () => {
    const { id } = await election('rep-board');
    const { token } = await credential('COUNCIL');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await page.goto(`./#token=${encodeURIComponent(token)}&/e/${id}/report/unit/PC-79-01`);
      await page.locator('h1#page-title').waitFor();
      for (const [field, value] of Object.entries({
        registeredVoters: 1200,
        votersVoted: 1110,
        ballotsIssued: 1110,
        ballotsReceived: 1110,
        validBallots: 1100,
        invalidBallots: 10,
      }))
        await page.fill(`#unit-PC-79-01-${field}`, String(value));
      await page.fill('#unit-PC-79-01-candidateVotes-PC-79-01-1', '900');
      await page.fill('#unit-PC-79-01-candidateVotes-PC-79-01-2', '200');
      // Two elected for one seat: refused in the page.
      const checks = page.getByLabel('Trúng cử');
      await checks.nth(0).check();
      await checks.nth(1).check();
      await page.getByRole('button', { name: 'Gửi biên bản của Ban bầu cử' }).click();
      await expect
        .poll(() => page.locator('main').textContent())
        .toContain('Số người trúng cử vượt số đại biểu');
      expect(await outboxStates(page)).toEqual([]);
      await checks.nth(1).uncheck();
      await page.getByRole('button', { name: 'Gửi biên bản của Ban bầu cử' }).click();
      await expect.poll(() => outboxStates(page), { timeout: patient(60_000) }).toEqual(['Đã nhận']);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('does not open a polling area outside the reporter’s scope, which the API refuses too', async () => {
    const { id, token } = await election('rep-scope');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id, '79-001-01');
      expect(await page.locator('h1#page-title').textContent()).toBe('Không gửi được cho khu vực này');
      expect(await page.locator('main').textContent()).toContain(
        'không được gửi báo cáo cho khu vực bỏ phiếu',
      );
      expect(await page.locator('#tally-PC-79-01-votersVoted').count()).toBe(0);
      const refused = await call('POST', `/v1/elections/${id}/reports`, {
        token,
        body: {
          type: 'turnout',
          submissionId: crypto.randomUUID(),
          pollingAreaId: '79-001-01',
          asOf: '2026-03-15T11:00:00+07:00',
          registeredVoters: 1200,
          votersVoted: 10,
        },
      });
      expect(refused.status).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('opens with no network at all from the service worker', async () => {
    const { id, token } = await election('rep-shell');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await openArea(page, token, id);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      await context.setOffline(true);
      await page.reload();
      await page.locator('h1#page-title').waitFor();
      expect(await page.locator('h1#page-title').textContent()).toBe('Khu vực bỏ phiếu số 1');
      expect(await page.locator(`#tally-NA-01-01-votersVoted`).count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('passes axe on the list and the forms, at 360 px with nothing scrolling sideways', async () => {
    const { id, token } = await election('rep-axe');
    const { context, page } = await newPage(browser, FIELD_PHONE);
    try {
      await page.goto(`./#token=${encodeURIComponent(token)}&/e/${id}/report`);
      await page.locator('h1#page-title').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'report-list-phone');
      await page.getByRole('link', { name: /Khu vực bỏ phiếu số 1/ }).click();
      await section(page, 'NA-01-01').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'report-area-phone');
    } finally {
      await context.close();
    }
  });
});

/** Starts a correction from the latest version, changes the votes, and confirms its diff. */
async function correct(page: Page, version: number, votes: readonly number[], reason: string) {
  const form = section(page, 'NA-01-01');
  await form.getByRole('button', { name: `Sửa từ bản ${version - 1}` }).click();
  const inputs = form.locator('input[id*="-candidateVotes-"]');
  for (const [i, v] of votes.entries()) await inputs.nth(i).fill(String(v));
  await page.fill('#tally-NA-01-01-reason', reason);
  await form.getByRole('button', { name: `Xem thay đổi của bản ${version}` }).click();
  await form.getByRole('button', { name: 'Xác nhận và gửi bản sửa' }).click();
}
