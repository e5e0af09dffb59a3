import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contentHash } from '../model/canonical.ts';
import type { ElectionDefinition } from '../model/election.ts';
import { validateElection } from '../model/election-rules.ts';
import { err, ok, type Result, refusal, refusedFor } from '../model/result.ts';
import { readElectionDefinition, readElectionMeta, saveElection } from '../store/elections.ts';
import { anySubmission } from '../store/submissions.ts';

export type LoadOutcome = 'CREATED' | 'UNCHANGED' | 'REPLACED';

/**
 * Loads a definition that already passed the schema: refused listing every inconsistency, nothing
 * written when it is identical to the stored one, refused ELECTION_LOCKED once reports exist, or
 * MODE_CHANGE when it would turn a LIVE election into a TEST one or back (every credential and
 * record of the election belongs to its mode, so a flip would hand the election to the other side).
 * The HTTP API and the CLI for whole-country definitions both load through here.
 */
export async function loadElection(
  db: DynamoDBDocumentClient,
  tableName: string,
  def: ElectionDefinition,
  now: Date,
): Promise<Result<{ outcome: LoadOutcome; definitionHash: string }>> {
  const validated = validateElection(def);
  if (!validated.ok)
    return err(refusal('BROKEN_RULES', 'The election definition is inconsistent.', validated.problems));
  const definitionHash = contentHash(def);
  const existing = await readElectionMeta(db, tableName, def.id);
  if (existing?.definitionHash === definitionHash) return ok({ outcome: 'UNCHANGED', definitionHash });
  if (existing && existing.mode !== def.mode) {
    return err(
      refusedFor(
        'CONFLICT',
        'MODE_CHANGE',
        `"${def.id}" is a ${existing.mode} election; a replacement cannot make it ${def.mode}.`,
        '/mode',
      ),
    );
  }
  if (existing && (await anySubmission(db, tableName, def.id))) {
    return err(
      refusedFor(
        'CONFLICT',
        'ELECTION_LOCKED',
        `Reports exist for "${def.id}"; its definition can no longer change.`,
      ),
    );
  }
  const previous = existing ? await readElectionDefinition(db, tableName, def.id) : undefined;
  await saveElection(db, tableName, def, validated.index, definitionHash, now.toISOString(), previous);
  return ok({ outcome: existing ? 'REPLACED' : 'CREATED', definitionHash });
}
