import { describe, expect, it } from 'vitest';
import {
  GATEWAY_REFUSALS,
  gatewayResponseTemplate,
  renderGatewayTemplate,
} from '../../../shared/http/gateway-responses.ts';

describe('gateway refusals', () => {
  it('render as problem documents of the contract shape, with the request id', () => {
    for (const refusal of GATEWAY_REFUSALS) {
      const body = JSON.parse(
        renderGatewayTemplate(gatewayResponseTemplate(refusal), { requestId: 'gw-1' }),
      ) as Record<string, unknown>;
      expect(body, refusal.type).toEqual({
        type: expect.stringMatching(/^urn:problem:/),
        title: expect.any(String),
        status: refusal.status,
        detail: refusal.detail,
        errors: [{ code: refusal.code, path: '', message: refusal.detail }],
        requestId: 'gw-1',
      });
    }
  });

  it('answer 401 for a missing and for a denied token, 413 for a large body and 429 when throttled', () => {
    const status = (type: string) => GATEWAY_REFUSALS.find((r) => r.type === type)?.status;
    expect([status('UNAUTHORIZED'), status('ACCESS_DENIED'), status('REQUEST_TOO_LARGE')]).toEqual([
      401, 401, 413,
    ]);
    expect([status('THROTTLED'), status('WAF_FILTERED')]).toEqual([429, 429]);
  });

  it('substitute the error message as a JSON string', () => {
    expect(
      renderGatewayTemplate('{"d":$context.error.messageString}', { requestId: 'r', errorMessage: 'a "b"' }),
    ).toBe('{"d":"a \\"b\\""}');
  });
});
