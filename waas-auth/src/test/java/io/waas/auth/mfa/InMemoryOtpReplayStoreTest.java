package io.waas.auth.mfa;

class InMemoryOtpReplayStoreTest extends OtpReplayStoreContract {
  @Override
  OtpReplayStore newStore() {
    return new InMemoryOtpReplayStore();
  }
}
