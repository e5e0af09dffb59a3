import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in, in every bundled handler, for the SDK's default credential chain (esbuild's alias of
 * `@aws-sdk/credential-provider-node`): Lambda hands a function its role's credentials in its
 * environment, as the local cloud does, so the chain's other links — profiles, SSO, web identity,
 * container and instance metadata, with the STS and SSO clients they bring — are never used there,
 * and were about 100 KB of every bundle to parse at each cold start.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
