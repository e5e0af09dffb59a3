import { createHash } from 'node:crypto';
import type { EventAttributes } from '../../config/notifications.ts';
import type { ContestId, ElectionId, PollingAreaId, ProvinceId } from '../model/ids.ts';
import type { ElectionMode } from '../model/vocabulary.ts';

export interface EventScope {
  readonly regionId?: string;
  readonly provinceId?: ProvinceId;
  readonly contestId?: ContestId;
  readonly pollingAreaId?: PollingAreaId;
}

/** The contract's notification envelope. */
export interface ElectionEvent {
  readonly eventId: string;
  readonly type: string;
  readonly electionId: ElectionId;
  readonly mode: ElectionMode;
  readonly occurredAt: string;
  readonly severity: EventAttributes['severity'];
  readonly scope: EventScope;
  readonly audiences: string[];
  readonly summary: string;
  readonly data: Record<string, unknown>;
}

/** An event ready to publish, with the message attributes the audiences' filter policies match on. */
export interface RoutedEvent {
  readonly event: Omit<ElectionEvent, 'audiences'>;
  readonly attributes: EventAttributes;
}

/** Builds a routed event: attributes come from the event's own type, severity and scope. */
export function routedEvent(
  event: Omit<ElectionEvent, 'audiences'>,
  scopeLevel: EventAttributes['scopeLevel'],
  body?: string,
): RoutedEvent {
  return { event, attributes: attributesOf(event, scopeLevel, body) };
}

/** "[THỬ NGHIỆM] " before every summary of a TEST election, so that nobody mistakes it for live. */
export function modePrefix(mode: ElectionMode): string {
  return mode === 'TEST' ? '[THỬ NGHIỆM] ' : '';
}

/** Same fact, same id: the id hashes the event type, the election and the words naming the fact. */
export function eventIdOf(type: string, electionId: ElectionId, ...fact: readonly string[]): string {
  const digest = createHash('sha256')
    .update([type, electionId, ...fact].join('\u001f'))
    .digest('hex');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}

export function attributesOf(
  event: Omit<ElectionEvent, 'audiences'>,
  scopeLevel: EventAttributes['scopeLevel'],
  body?: string,
): EventAttributes {
  return {
    eventType: event.type,
    severity: event.severity,
    scopeLevel,
    ...(body ? { body } : {}),
    ...(event.scope.regionId ? { regionId: event.scope.regionId } : {}),
    ...(event.scope.provinceId ? { provinceId: event.scope.provinceId } : {}),
  };
}
