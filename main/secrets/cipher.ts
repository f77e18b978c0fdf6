/** Whether secrets can be encrypted by the OS keychain, and if not, why. */
export interface CipherAvailability {
  isAvailable: boolean;
  /** safeStorage's backend on Linux; the platform name elsewhere. */
  backend: string;
  reason: string | null;
}

/** An OS-keychain cipher (safeStorage in Electron): ciphertext in, plaintext out, main process only. */
export interface SecretCipher {
  availability(): Promise<CipherAvailability>;
  encrypt(plain: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the keychain rotated its key; encrypt again and store the new ciphertext. */
  decrypt(cipher: Buffer): Promise<{ plain: string; shouldReEncrypt: boolean }>;
}
