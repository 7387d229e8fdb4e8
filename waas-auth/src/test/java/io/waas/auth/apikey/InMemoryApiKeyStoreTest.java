package io.waas.auth.apikey;

/** The store contract and {@link ApiKeys} on {@link InMemoryApiKeyStore}. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContractTest {
  @Override
  ApiKeyStore newStore() {
    return new InMemoryApiKeyStore();
  }
}
