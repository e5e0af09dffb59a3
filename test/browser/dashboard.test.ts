import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from '../../web/src/format.ts';
import {
  adminToken,
  call,
  credential,
  eventually,
  incident,
  naVotes,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from '../integration/client.ts';
import { patient } from '../support/patience.ts';
import { axeViolations, horizontalOverflow, LAPTOP, launch, newPage, PHONE, screenshot } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** An election with one polling area of Hà Nội reported: turnout at 10:00 and its NA minutes. */
async function reportedElection(prefix: string, mode: 'LIVE' | 'TEST' = 'LIVE'): Promise<string> {
  const id = uniqueId(prefix);
  const token = await adminToken(mode);
  const loaded = await call('PUT', `/v1/elections/${id}`, { token, body: { ...smallElection(id), mode } });
  expect(loaded.status).toBe(201);
  const reports = [
    turnout('01-001-02', '10:00:00', 800, 400),
    tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 }),
  ];
  for (const body of reports) {
    const posted = await call('POST', `/v1/elections/${id}/reports`, { token, body });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  }
  await eventually(
    () => call('GET', `/v1/elections/${id}/results`, { token }),
    (a) => a.body?.bodies?.NATIONAL_ASSEMBLY?.pollingAreas?.reporting === 1,
  );
  await eventually(
    () => call('GET', `/v1/elections/${id}/turnout`, { token }),
    (a) => a.body?.series?.length === 1,
  );
  return id;
}

/** Opens the page signed in by a link, at the route after the token (or the caller's own level). */
async function openSignedIn(page: Page, token: string, electionId: string, view = '') {
  await page.goto(`./#token=${encodeURIComponent(token)}&/e/${electionId}${view}`);
  await page.locator('h1#page-title').waitFor();
}

/** Signs in through the form, as an official pasting the token they were sent. */
async function signInByPaste(page: Page, token: string, electionId: string) {
  await page.goto('./');
  await page.getByRole('heading', { name: 'Đăng nhập trang theo dõi kết quả bầu cử' }).waitFor();
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByLabel('Mã cuộc bầu cử').fill(electionId);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const title = (page: Page) => page.locator('h1#page-title');

/** The strip's line for polling areas reporting, as the page formats it. */
const areasLine = (reporting: number, expected: number) =>
  `${formatCount(reporting)} / ${formatCount(expected)} khu vực`;

describe('signing in', () => {
  it('by paste: the form checks the shape, the API the token, and a good one opens the nation', async () => {
    const id = await reportedElection('web-paste');
    const { context, page } = await newPage(browser);
    try {
      await signInByPaste(page, 'not-a-token', id);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Mã truy cập không đúng dạng');

      const unknown = `enk_${'A'.repeat(43)}`;
      await page.getByLabel('Mã truy cập').fill(unknown);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Mã truy cập không hợp lệ');

      const { token } = await credential('COUNCIL');
      await page.getByLabel('Mã truy cập').fill(token);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect.poll(() => title(page).textContent()).toBe('Toàn quốc');
      expect(await page.evaluate('sessionStorage.getItem("election-night.token")')).toBe(token);
      expect(await page.evaluate('localStorage.getItem("election-night.token")')).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('by link: the token leaves the address bar at once, and signing out forgets it', async () => {
    const id = await reportedElection('web-link');
    const { token } = await credential('OBSERVER');
    const { context, page } = await newPage(browser);
    try {
      await openSignedIn(page, token, id, '/p/01');
      expect(page.url()).not.toContain(token);
      expect(page.url()).not.toContain('token=');
      await expect.poll(() => title(page).textContent()).toBe('Hà Nội');

      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await expect
        .poll(() => page.locator('main, body').first().textContent())
        .toContain('Bạn đã đăng xuất.');
      expect(await page.evaluate('sessionStorage.getItem("election-night.token")')).toBeNull();
      await page.reload();
      await page.getByRole('heading', { name: 'Đăng nhập trang theo dõi kết quả bầu cử' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('each role at its own level', () => {
  const cases = [
    { role: 'COUNCIL', scope: {}, lands: 'Toàn quốc', refused: undefined },
    { role: 'OBSERVER', scope: {}, lands: 'Toàn quốc', refused: undefined },
    { role: 'REGIONAL_CONFERENCE', scope: { regionId: 'R2' }, lands: 'Vùng R2', refused: '/p/79' },
    { role: 'PROVINCIAL_COMMITTEE', scope: { provinceId: '01' }, lands: 'Hà Nội', refused: '/p/79' },
  ] as const;
  let id: string;
  beforeAll(async () => {
    id = await reportedElection('web-roles');
  });

  it.each(cases)('$role opens at $lands and is refused what it may not read', async (c) => {
    const { token } = await credential(c.role, c.scope);
    const { context, page } = await newPage(browser);
    try {
      await signInByPaste(page, token, id);
      await expect.poll(() => title(page).textContent()).toBe(c.lands);
      if (c.refused) {
        const refusal = page.waitForResponse((r) => r.url().endsWith(`/results/provinces/79`));
        await page.goto(`./#/e/${id}${c.refused}`);
        expect((await refusal).status()).toBe(403);
        await expect.poll(() => title(page).textContent()).toBe('Không xem được trang này');
        expect(await page.locator('main').textContent()).toContain('Mã truy cập của bạn không có quyền xem');
        // The page does not offer a link to what the role may not read.
        await page.goto(`./#/e/${id}`);
        await title(page).waitFor();
        expect(await page.locator('a[href$="/p/79"]').count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });
});

describe('the figures', () => {
  it('drilling nation → region → province → contest shows what the API answers', async () => {
    const id = await reportedElection('web-drill');
    const { token } = await credential('COUNCIL');
    const api = async (path: string) => (await call('GET', `/v1/elections/${id}${path}`, { token })).body;
    const { context, page } = await newPage(browser);
    try {
      await openSignedIn(page, token, id);
      const nation = (await api('/results')).bodies.NATIONAL_ASSEMBLY;
      await expect
        .poll(() => page.locator('.strip').textContent())
        .toContain(areasLine(nation.pollingAreas.reporting, nation.pollingAreas.expected));
      expect(await page.locator('.strip').textContent()).toContain(formatPercent(nation.turnoutPercent));

      await page.getByRole('link', { name: 'Vùng R2' }).first().click();
      await expect.poll(() => title(page).textContent()).toBe('Vùng R2');
      const region = (await api('/results/regions/R2')).bodies.NATIONAL_ASSEMBLY;
      await expect
        .poll(() => page.locator('.strip').textContent())
        .toContain(areasLine(region.pollingAreas.reporting, region.pollingAreas.expected));

      await page.getByRole('link', { name: 'Hà Nội' }).first().click();
      await expect.poll(() => title(page).textContent()).toBe('Hà Nội');
      const province = (await api('/results/provinces/01')).bodies.NATIONAL_ASSEMBLY;
      await expect
        .poll(() => page.locator('.strip').textContent())
        .toContain(`${formatCount(province.votersVoted)} / ${formatCount(province.registeredVoters)} cử tri`);

      await page.getByRole('link', { name: 'Đơn vị bầu cử số 1' }).first().click();
      await expect.poll(() => title(page).textContent()).toBe('Đơn vị bầu cử số 1');
      const contest = await api('/results/contests/NA-01-01');
      const rows = page.locator('table tbody tr', { has: page.locator('th[scope=row]') });
      for (const candidate of contest.candidates as { name: string; votes: number }[]) {
        const row = rows.filter({ hasText: candidate.name }).first();
        await expect.poll(() => row.textContent()).toContain(formatCount(candidate.votes));
      }
      // Who has not reported, by name.
      expect(await page.locator('main').textContent()).toContain(contest.notReported[0].name);
    } finally {
      await context.close();
    }
  });

  it('is driven from the keyboard: the skip button first, then Tab to a region and Enter opens it', async () => {
    const id = await reportedElection('web-keys');
    const { token } = await credential('COUNCIL');
    const { context, page } = await newPage(browser);
    try {
      await openSignedIn(page, token, id);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Bỏ qua, đến nội dung chính');
      let focused = '';
      for (let presses = 0; presses < 60 && focused !== 'Vùng R2'; presses++) {
        await page.keyboard.press('Tab');
        focused = String(await page.evaluate('document.activeElement?.textContent ?? ""'));
      }
      expect(focused).toBe('Vùng R2');
      await page.keyboard.press('Enter');
      await expect.poll(() => title(page).textContent()).toBe('Vùng R2');
    } finally {
      await context.close();
    }
  });

  it('a report posted while the page is open appears on screen', async () => {
    const id = await reportedElection('web-live');
    const { token } = await credential('COUNCIL');
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`./?poll=1#token=${token}&/e/${id}/p/01`);
      await expect.poll(() => page.locator('.strip').textContent()).toContain(areasLine(1, 2));
      const posted = await call('POST', `/v1/elections/${id}/reports`, {
        body: tally('01-001-01', 'NA-01-01', naVotes(500, 450, 200, 100)),
      });
      expect(posted.status).toBe(201);
      await expect
        .poll(() => page.locator('.strip').textContent(), { timeout: patient(60_000) })
        .toContain(areasLine(2, 2));
    } finally {
      await context.close();
    }
  });

  it('an incident reaches the inbox, newest first, with its severity', async () => {
    const id = await reportedElection('web-inbox');
    const { token } = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`./?poll=1#token=${token}&/e/${id}/inbox`);
      await expect.poll(() => title(page).textContent()).toBe('Thông báo');
      const posted = await call('POST', `/v1/elections/${id}/reports`, {
        body: incident(
          { pollingAreaId: '01-001-01' },
          'SECURITY',
          'CRITICAL',
          '11:00:00',
          'Mất điện tại điểm bỏ phiếu',
        ),
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(201);
      await expect
        .poll(() => page.locator('main').textContent(), { timeout: patient(60_000) })
        .toContain('Mất điện');
    } finally {
      await context.close();
    }
  });
});

describe('polling', () => {
  it('the stale banner comes when the API stops answering and goes when it answers again', async () => {
    const id = await reportedElection('web-stale');
    const { token } = await credential('COUNCIL');
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`./?poll=1#token=${token}&/e/${id}`);
      await expect.poll(() => page.locator('.strip').count(), { timeout: patient(30_000) }).toBe(1);
      const banner = page.locator('.banner[role=alert]');
      expect(await banner.count()).toBe(0);

      await context.route('**/v1/**', (route) => route.abort('connectionrefused'));
      await expect
        .poll(() => banner.textContent(), { timeout: patient(30_000) })
        .toContain('số liệu có thể đã cũ');
      // The figures stay on screen, marked stale, rather than vanishing.
      expect(await page.locator('.strip').count()).toBe(1);

      await context.unroute('**/v1/**');
      await expect.poll(() => banner.count(), { timeout: patient(60_000) }).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('ten minutes of unchanged data cost only 304s', async () => {
    const id = await reportedElection('web-quiet');
    const { token } = await credential('COUNCIL');
    const { context, page } = await newPage(browser);
    try {
      await context.clock.install();
      const answers: { url: string; status: number }[] = [];
      const failures: string[] = [];
      const pending = new Set<Request>();
      const api = (r: Request) => new URL(r.url()).pathname.startsWith('/v1/');
      page.on('request', (r) => {
        if (api(r)) pending.add(r);
      });
      const answered = new Set<Request>();
      page.on('response', (response) => {
        const r = response.request();
        if (!api(r)) return;
        answered.add(r);
        answers.push({ url: r.url(), status: response.status() });
      });
      // Chromium ends a 304 to a no-store fetch as "failed" once its headers are in: only a read
      // that never had an answer is a failure.
      const settle = (r: Request) => {
        if (!api(r)) return;
        if (!answered.has(r)) failures.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
        pending.delete(r);
      };
      page.on('requestfinished', settle);
      page.on('requestfailed', settle);
      await openSignedIn(page, token, id);
      await expect.poll(() => page.locator('.strip').count()).toBe(1);
      await expect.poll(() => pending.size).toBe(0);
      // From here the page's time moves only when the test moves it, so no read outlives its timeout.
      await page.clock.pauseAt(Date.now() + 1_000);
      // One round: learn how many reads a round makes, and give every resource its ETag.
      // Rounds until one changes nothing: every resource then holds its ETag and the data is still.
      let before = answers.length;
      for (let settling = 0; ; settling++) {
        before = answers.length;
        await page.clock.runFor(5_000);
        await expect.poll(() => answers.length >= before + 3 && pending.size === 0).toBe(true);
        await new Promise((r) => setTimeout(r, 300));
        if (answers.slice(before).every((a) => a.status === 304)) break;
        expect(settling, 'the data never stood still').toBeLessThan(10);
      }
      const firstRound = answers.length;

      for (let round = 0; round < 120; round++) {
        before = answers.length;
        await page.clock.runFor(5_000);
        await expect.poll(() => answers.length >= before + 3 && pending.size === 0).toBe(true);
      }
      const quiet = answers.slice(firstRound);
      expect(failures).toEqual([]);
      const byPath: Record<string, number> = {};
      for (const a of quiet) {
        const path = new URL(a.url).pathname.replace(`/v1/elections/${id}`, '');
        byPath[path] = (byPath[path] ?? 0) + 1;
      }
      // Every round reads the nation, its turnout and the inbox's last page; the regions the map
      // colours are read after the nation only when it changed, which it did not.
      expect(byPath).toMatchObject({ '/results': 120, '/turnout': 120, '/notifications': 120 });
      for (const [path, reads] of Object.entries(byPath))
        if (path.startsWith('/results/regions/')) expect(reads).toBeLessThanOrEqual(1);
      expect(quiet.filter((a) => a.status !== 304)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a TEST election carries its banner on every view', async () => {
    const id = await reportedElection('web-drill-mode', 'TEST');
    const { token } = await credential('COUNCIL', {}, 'TEST');
    const { context, page } = await newPage(browser);
    try {
      for (const view of ['', '/r/R2', '/p/01', '/c/NA-01-01']) {
        await openSignedIn(page, token, id, view);
        await expect
          .poll(() => page.locator('.test-banner').textContent())
          .toContain('DỮ LIỆU THỬ NGHIỆM – KHÔNG PHẢI KẾT QUẢ CHÍNH THỨC');
      }
    } finally {
      await context.close();
    }
  });
});

describe('every view, on a laptop and a phone', () => {
  const views = [
    { name: 'nation', path: '', title: 'Toàn quốc' },
    { name: 'region', path: '/r/R2', title: 'Vùng R2' },
    { name: 'province', path: '/p/01', title: 'Hà Nội' },
    { name: 'contest', path: '/c/NA-01-01', title: 'Đơn vị bầu cử số 1' },
    { name: 'inbox', path: '/inbox', title: 'Thông báo', shows: 'Hòm phiếu phụ bị hỏng khoá' },
  ];
  let id: string;
  let token: string;
  beforeAll(async () => {
    id = await reportedElection('web-views');
    await call('POST', `/v1/elections/${id}/reports`, {
      body: incident(
        { pollingAreaId: '01-001-01' },
        'EQUIPMENT',
        'CRITICAL',
        '09:30:00',
        'Hòm phiếu phụ bị hỏng khoá',
      ),
    });
    token = (await credential('COUNCIL')).token;
  });

  it.each(views)('$name: axe finds nothing, and the phone never scrolls sideways', async (view) => {
    for (const [size, viewport] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await newPage(browser, viewport);
      try {
        await openSignedIn(page, token, id, view.path);
        await expect.poll(() => title(page).textContent()).toBe(view.title);
        if (view.shows)
          await expect
            .poll(() => page.locator('main').textContent(), { timeout: patient(60_000) })
            .toContain(view.shows);
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `${view.name}-${size}`);
        if (size === 'phone') expect(await horizontalOverflow(page)).toBe(0);
      } finally {
        await context.close();
      }
    }
  });
});
