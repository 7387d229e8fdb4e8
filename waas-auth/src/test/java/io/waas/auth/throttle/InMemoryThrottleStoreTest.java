package io.waas.auth.throttle;

/** The store contract and the throttle on {@link InMemoryThrottleStore}. */
class InMemoryThrottleStoreTest extends ThrottleStoreContractTest {
  @Override
  ThrottleStore newStore() {
    return new InMemoryThrottleStore();
  }
}
