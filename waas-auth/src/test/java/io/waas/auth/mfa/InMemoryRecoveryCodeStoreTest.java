package io.waas.auth.mfa;

class InMemoryRecoveryCodeStoreTest extends RecoveryCodeStoreContract {
  @Override
  RecoveryCodeStore newStore() {
    return new InMemoryRecoveryCodeStore();
  }
}
