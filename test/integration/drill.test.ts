import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patient } from '../support/patience.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'drill-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** `npm run drill` as an operator runs it, small: its own local cloud, every fault, the ledger. */
function drill(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/drill.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the drill', () => {
  it(
    'takes a small polling day through every fault of the night, and its ledger balances',
    async () => {
      const { code, output } = await drill(['--scale', '0.002', '--down-seconds', '10', '--out', out]);
      expect(code, output).toBe(0);
      const report = JSON.parse(readFileSync(path.join(out, 'drill-report.json'), 'utf8'));
      expect(report.balanced).toBe(true);
      const failed = report.ledger.checks.filter((c: { ok: boolean }) => !c.ok);
      expect(failed).toEqual([]);
      // Each fault of the schedule happened, the emulator's freeze and the hard kill included.
      const faults = report.ledger.windows.map((w: { fault: string; detail?: string }) => w.fault);
      expect(new Set(faults)).toEqual(
        new Set([
          'WEBHOOK_RECEIVERS_DOWN',
          'WEBHOOK_RECEIVER_DOWN_UNTIL_REDRIVE',
          'AGGREGATOR_CRASH_MID_BATCH',
          'WORK_MESSAGES_LOST_AND_DUPLICATED',
          'DYNAMODB_PAUSED',
          'CLOUD_KILLED_AND_RESTARTED',
        ]),
      );
      const paused = report.ledger.windows.find((w: { fault: string }) => w.fault === 'DYNAMODB_PAUSED');
      expect(paused.detail).toBe('5 s');
      // The day was all there: every phase sent, the night's minutes and the boards' among them.
      expect(Object.keys(report.ledger.sent).sort()).toEqual(
        ['BROKEN', 'CORRECTION', 'INCIDENT', 'TALLY', 'TURNOUT', 'UNIT_RESULT'].sort(),
      );
      expect(report.ledger.accepted).toBeGreaterThan(1500);
      expect(readFileSync(path.join(out, 'drill-report.svg'), 'utf8')).toMatch(/^<svg[^>]*>/);
      expect(existsSync(path.join(out, 'drill-report.json'))).toBe(true);
    },
    patient(900_000),
  );
});
