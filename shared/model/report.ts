import { z } from 'zod';
import { Count, Identifier } from './ids.ts';

export const Complaints = z.strictObject({ received: Count, resolved: Count, forwarded: Count });

/** One polling area's counting minutes for one contest (Art. 76 (2)). */
export const TallyReport = z.strictObject({
  type: z.literal('tally'),
  submissionId: Identifier,
  pollingAreaId: Identifier,
  contestId: Identifier,
  version: z.number().int().min(1),
  correctionReason: z.string().min(1).max(2000).optional(),
  registeredVoters: Count,
  votersVoted: Count,
  ballotsIssued: Count,
  ballotsReceived: Count,
  validBallots: Count,
  invalidBallots: Count,
  candidateVotes: z.record(Identifier, Count),
  complaints: Complaints.optional(),
});
export type TallyReport = z.infer<typeof TallyReport>;

/** The counting figures of a tally, without who sent it or why. */
export type TallyFigures = Pick<
  TallyReport,
  | 'registeredVoters'
  | 'votersVoted'
  | 'ballotsIssued'
  | 'ballotsReceived'
  | 'validBallots'
  | 'invalidBallots'
  | 'candidateVotes'
>;
