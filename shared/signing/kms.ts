import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { type LogSigner, SIGNATURE_ALGORITHM } from '../log/checkpoint.ts';

/**
 * An asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) as the log's signer: the private key never
 * leaves KMS; the public key is read once per execution environment.
 */
export async function kmsSigner(kms: KMSClient, keyId: string, keyName: string): Promise<LogSigner> {
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error(`KMS key ${keyId} has no public key`);
  return {
    keyName,
    algorithm: SIGNATURE_ALGORITHM,
    publicKey: Buffer.from(PublicKey),
    sign: async (data) => {
      const { Signature } = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: data,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error(`KMS key ${keyId} gave no signature`);
      return Buffer.from(Signature);
    },
  };
}

export { KMSClient };
