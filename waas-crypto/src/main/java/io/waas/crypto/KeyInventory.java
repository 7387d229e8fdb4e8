package io.waas.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.crypto.internal.AeadEngine;
import io.waas.crypto.internal.DataKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A point-in-time inventory of a key ring's data keys, for breach response and audits: which keys
 * exist per tenant, their state and age, which keys a set of ciphertexts was made with, and which
 * tenants are affected if a key is compromised.
 *
 * <p>Design: ciphertexts do not name their tenant, only a key id (32 bits, random per scope, so
 * two tenants can share one) and, for one-shot ciphertexts ({@link DataEncryptor}) and streams
 * ({@link StreamingEncryptor}), a 256-bit key commitment. The inventory computes both commitments
 * of every live key, so such a ciphertext is attributed to exactly one key, whoever's it is.
 * Deterministic ciphertexts ({@link DeterministicEncryptor}) carry no commitment, and destroyed
 * keys have no material left, so those can only be matched by key id; such matches are marked
 * {@linkplain KeyUse#exact() inexact}.
 *
 * <p>Subject ids are shown only while the subject's keys exist; a crypto-shredded subject's id is
 * forgotten by design, so it appears as an anonymous subject keyset of its tenant.
 *
 * <p>Immutable snapshot, thread-safe. Taking one reads (and unwraps) every keyset in the store.
 */
public final class KeyInventory {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Instant takenAt;
  private final String kekId;
  private final List<Key> keys;
  /** One-shot commitments of live keys, parallel to {@link #keys}; null for destroyed keys. */
  private final List<byte @Nullable []> commitments;
  /** Stream commitments of live keys, parallel to {@link #keys}; null for destroyed keys. */
  private final List<byte @Nullable []> streamCommitments;

  private KeyInventory(
      Instant takenAt,
      String kekId,
      List<Key> keys,
      List<byte @Nullable []> commitments,
      List<byte @Nullable []> streamCommitments) {
    this.takenAt = takenAt;
    this.kekId = kekId;
    this.keys = Collections.unmodifiableList(keys);
    this.commitments = commitments;
    this.streamCommitments = streamCommitments;
  }

  /**
   * Takes an inventory of every data key in a key ring's store, as it is now (not as cached).
   *
   * @param ring the key ring
   * @return the snapshot
   * @throws KeyStoreAccessException if the store cannot be listed or a keyset cannot be read
   * @throws GeneralSecurityException for other failures
   */
  public static KeyInventory take(KeyRing ring) throws GeneralSecurityException {
    Instant now = ring.clock().instant();
    List<Key> keys = new ArrayList<>();
    List<byte @Nullable []> commitments = new ArrayList<>();
    List<byte @Nullable []> streamCommitments = new ArrayList<>();
    int keysetIndex = 0;
    for (KeyRing.StoredKeyset s : ring.storedKeysets()) {
      keysetIndex++;
      for (DataKey k : s.keyset.keys()) {
        keys.add(
            new Key(
                keysetIndex,
                s.tenant,
                s.subject,
                s.subjectKeyset,
                k.id(),
                k.algorithm(),
                k.status(),
                k.id() == s.keyset.primaryId(),
                k.createdAt(),
                k.statusChangedAt(),
                Duration.between(k.createdAt(), now)));
        commitments.add(k.commitment());
        streamCommitments.add(
            k.status() == KeyStatus.DESTROYED
                ? null
                : k.derived(StreamKey.INFO, StreamKey.DERIVED_LENGTH, StreamKey.class, StreamKey::new).commitment());
      }
    }
    return new KeyInventory(now, ring.kek().id(), keys, commitments, streamCommitments);
  }

  /** @return when the snapshot was taken (by the key ring's clock) */
  public Instant takenAt() {
    return takenAt;
  }

  /** @return every data key, tenant keysets and subject keysets alike, in store order */
  public List<Key> keys() {
    return keys;
  }

  /**
   * Summarizes the keys per tenant.
   *
   * @return one summary per tenant, sorted by tenant id
   */
  public List<TenantSummary> tenants() {
    Map<String, List<Key>> byTenant = new TreeMap<>();
    for (Key k : keys) {
      byTenant.computeIfAbsent(k.tenant(), t -> new ArrayList<>()).add(k);
    }
    List<TenantSummary> out = new ArrayList<>();
    for (Map.Entry<String, List<Key>> e : byTenant.entrySet()) {
      out.add(TenantSummary.of(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * Finds which key each ciphertext was made with. Ciphertexts that are not in a format this SDK
   * reads are reported, not thrown.
   *
   * @param ciphertexts ciphertexts from {@link DataEncryptor#encrypt}, {@link
   *     DeterministicEncryptor#encrypt}, or the start (at least the first {@value
   *     StreamHeader#LENGTH} bytes) of a stream from {@link StreamingEncryptor}
   * @return one entry per ciphertext, in order
   */
  public List<KeyUse> keysUsedBy(List<byte[]> ciphertexts) {
    List<KeyUse> out = new ArrayList<>(ciphertexts.size());
    for (int i = 0; i < ciphertexts.size(); i++) {
      out.add(keyUse(i, ciphertexts.get(i)));
    }
    return out;
  }

  private KeyUse keyUse(int index, byte[] ciphertext) {
    long keyId;
    byte @Nullable [] commitment;
    List<byte @Nullable []> known;
    String format;
    try {
      if (StreamHeader.hasMagic(ciphertext)) {
        format = "stream";
        keyId = StreamHeader.parse(ciphertext).keyId();
        commitment =
            Arrays.copyOfRange(
                ciphertext, StreamHeader.COMMITMENT_OFFSET, StreamHeader.COMMITMENT_OFFSET + StreamHeader.COMMITMENT_LENGTH);
        known = streamCommitments;
      } else if (ciphertext.length >= 2 && ciphertext[0] == 'W' && ciphertext[1] == 'D') {
        format = "deterministic";
        keyId = SivDeterministicEncryptor.parseKeyId(ciphertext);
        commitment = null;
        known = commitments;
      } else {
        format = "one-shot";
        keyId = CiphertextHeader.parse(ciphertext).keyId();
        commitment =
            Arrays.copyOfRange(
                ciphertext, AeadEngine.PREFIX_LENGTH - AeadEngine.COMMITMENT_LENGTH, AeadEngine.PREFIX_LENGTH);
        known = commitments;
      }
    } catch (MalformedCiphertextException e) {
      return new KeyUse(index, "unknown", 0, List.of(), false, String.valueOf(e.getMessage()));
    }
    List<Key> exact = new ArrayList<>();
    List<Key> byId = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Key k = keys.get(i);
      if (k.keyId() != keyId) {
        continue;
      }
      byte[] c = known.get(i);
      if (commitment != null && c != null) {
        if (MessageDigest.isEqual(c, commitment)) {
          exact.add(k);
        }
      } else {
        byId.add(k);
      }
    }
    if (!exact.isEmpty()) {
      return new KeyUse(index, format, keyId, exact, true, null);
    }
    if (!byId.isEmpty()) {
      return new KeyUse(index, format, keyId, byId, false, null);
    }
    return new KeyUse(index, format, keyId, List.of(), false, "no key in this store made it");
  }

  /**
   * Reports what a compromise of one data key exposes: the data of its scope encrypted under it.
   *
   * @param tenant the key's tenant
   * @param keyId the key id
   * @return the report; empty if the tenant has no such key
   */
  public BreachReport ifDataKeyCompromised(String tenant, long keyId) {
    List<Key> hit = new ArrayList<>();
    for (Key k : keys) {
      if (k.tenant().equals(tenant) && k.keyId() == keyId) {
        hit.add(k);
      }
    }
    return new BreachReport("data key " + keyId + " of tenant '" + tenant + "'", hit);
  }

  /**
   * Reports which tenants may be affected when only a key id is known (for example from a leaked
   * ciphertext or log line): every key with that id, in any tenant. Key ids are 32-bit and random
   * per scope, so more than one tenant can match; use {@link #keysUsedBy} when the ciphertext is
   * at hand, which is exact.
   *
   * @param keyId the key id
   * @return the report
   */
  public BreachReport ifKeyIdCompromised(long keyId) {
    List<Key> hit = new ArrayList<>();
    for (Key k : keys) {
      if (k.keyId() == keyId) {
        hit.add(k);
      }
    }
    return new BreachReport("every key with id " + keyId, hit);
  }

  /**
   * Reports what a compromise of the key-encryption key (the master key or HSM key) exposes: every
   * keyset it wraps, so every tenant with a live key, given a copy of the key store.
   *
   * @return the report
   */
  public BreachReport ifKeyEncryptionKeyCompromised() {
    return new BreachReport("key-encryption key " + kekId + " (with a copy of the key store)", keys);
  }

  /**
   * Renders the inventory as JSON for tools: the tenants' summaries and every key. Contains no key
   * material and no subject ids of shredded subjects.
   *
   * @return indented JSON
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("takenAt", takenAt.toString());
    root.put("keyEncryptionKey", kekId);
    ArrayNode tenants = root.putArray("tenants");
    for (TenantSummary t : tenants()) {
      ObjectNode n = tenants.addObject();
      n.put("tenant", t.tenant());
      n.put("shredded", t.shredded());
      n.put("enabledKeys", t.enabledKeys());
      n.put("disabledKeys", t.disabledKeys());
      n.put("destroyedKeys", t.destroyedKeys());
      n.put("subjectKeysets", t.subjectKeysets());
      n.put("shreddedSubjectKeysets", t.shreddedSubjectKeysets());
      Duration oldest = t.oldestEnabledKeyAge();
      if (oldest != null) {
        n.put("oldestEnabledKeyAgeSeconds", oldest.getSeconds());
      }
    }
    ArrayNode keyArray = root.putArray("keys");
    for (Key k : keys) {
      ObjectNode n = keyArray.addObject();
      n.put("tenant", k.tenant());
      if (k.subjectKeyset()) {
        n.put("subject", k.subject());
      }
      n.put("keyId", k.keyId());
      n.put("algorithm", k.algorithm().name());
      n.put("status", k.status().name());
      n.put("primary", k.primary());
      n.put("createdAt", k.createdAt().toString());
      n.put("statusChangedAt", k.statusChangedAt().toString());
      n.put("ageSeconds", k.age().getSeconds());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render inventory", e);
    }
  }

  @Override
  public String toString() {
    return "KeyInventory[" + keys.size() + " keys, " + tenants().size() + " tenants, at " + takenAt + "]";
  }

  /** One data key as inventoried. Immutable. */
  public static final class Key {
    /** Which stored keyset the key came from, to count keysets. */
    final int keyset;
    private final String tenant;
    private final @Nullable String subject;
    private final boolean subjectKeyset;
    private final long keyId;
    private final AeadAlgorithm algorithm;
    private final KeyStatus status;
    private final boolean primary;
    private final Instant createdAt;
    private final Instant statusChangedAt;
    private final Duration age;

    Key(
        int keyset,
        String tenant,
        @Nullable String subject,
        boolean subjectKeyset,
        long keyId,
        AeadAlgorithm algorithm,
        KeyStatus status,
        boolean primary,
        Instant createdAt,
        Instant statusChangedAt,
        Duration age) {
      this.keyset = keyset;
      this.tenant = tenant;
      this.subject = subject;
      this.subjectKeyset = subjectKeyset;
      this.keyId = keyId;
      this.algorithm = algorithm;
      this.status = status;
      this.primary = primary;
      this.createdAt = createdAt;
      this.statusChangedAt = statusChangedAt;
      this.age = age;
    }

    /** @return the tenant */
    public String tenant() {
      return tenant;
    }

    /** @return the data subject, or null for a tenant key or a shredded (forgotten) subject */
    public @Nullable String subject() {
      return subject;
    }

    /** @return whether the key belongs to a data subject's keyset */
    public boolean subjectKeyset() {
      return subjectKeyset;
    }

    /** @return the key id */
    public long keyId() {
      return keyId;
    }

    /** @return the algorithm */
    public AeadAlgorithm algorithm() {
      return algorithm;
    }

    /** @return the status */
    public KeyStatus status() {
      return status;
    }

    /** @return whether new data is encrypted under this key */
    public boolean primary() {
      return primary;
    }

    /** @return when the key was created */
    public Instant createdAt() {
      return createdAt;
    }

    /** @return when its status last changed */
    public Instant statusChangedAt() {
      return statusChangedAt;
    }

    /** @return its age when the inventory was taken */
    public Duration age() {
      return age;
    }

    /** @return where the key lives, e.g. {@code tenant 'acme' subject 'u1'} */
    public String owner() {
      if (!subjectKeyset) {
        return "tenant '" + tenant + "'";
      }
      return "tenant '" + tenant + "' " + (subject == null ? "shredded subject" : "subject '" + subject + "'");
    }

    @Override
    public String toString() {
      return "key " + keyId + " of " + owner() + " (" + algorithm + ", " + status + (primary ? ", primary" : "")
          + ", age " + age.toDays() + "d)";
    }
  }

  /** The keys of one tenant, summarized. Immutable. */
  public static final class TenantSummary {
    private final String tenant;
    private final int enabled;
    private final int disabled;
    private final int destroyed;
    private final int subjectKeysets;
    private final int shreddedSubjectKeysets;
    private final boolean shredded;
    private final @Nullable Duration oldestEnabledKeyAge;

    private TenantSummary(
        String tenant,
        int enabled,
        int disabled,
        int destroyed,
        int subjectKeysets,
        int shreddedSubjectKeysets,
        boolean shredded,
        @Nullable Duration oldestEnabledKeyAge) {
      this.tenant = tenant;
      this.enabled = enabled;
      this.disabled = disabled;
      this.destroyed = destroyed;
      this.subjectKeysets = subjectKeysets;
      this.shreddedSubjectKeysets = shreddedSubjectKeysets;
      this.shredded = shredded;
      this.oldestEnabledKeyAge = oldestEnabledKeyAge;
    }

    static TenantSummary of(String tenant, List<Key> keys) {
      int enabled = 0;
      int disabled = 0;
      int destroyed = 0;
      Duration oldest = null;
      boolean tenantHasKeys = false;
      boolean tenantAllDestroyed = true;
      Map<Integer, Boolean> subjectKeysetAlive = new TreeMap<>();
      for (Key k : keys) {
        switch (k.status()) {
          case ENABLED:
            enabled++;
            if (oldest == null || k.age().compareTo(oldest) > 0) {
              oldest = k.age();
            }
            break;
          case DISABLED:
            disabled++;
            break;
          case DESTROYED:
            destroyed++;
            break;
        }
        if (k.subjectKeyset()) {
          subjectKeysetAlive.merge(k.keyset, k.status() != KeyStatus.DESTROYED, Boolean::logicalOr);
        } else {
          tenantHasKeys = true;
          tenantAllDestroyed &= k.status() == KeyStatus.DESTROYED;
        }
      }
      int shreddedSubjects = 0;
      for (boolean alive : subjectKeysetAlive.values()) {
        if (!alive) {
          shreddedSubjects++;
        }
      }
      return new TenantSummary(
          tenant,
          enabled,
          disabled,
          destroyed,
          subjectKeysetAlive.size(),
          shreddedSubjects,
          tenantHasKeys && tenantAllDestroyed,
          oldest);
    }

    /** @return the tenant */
    public String tenant() {
      return tenant;
    }

    /** @return enabled keys, tenant and subject keysets together */
    public int enabledKeys() {
      return enabled;
    }

    /** @return disabled keys */
    public int disabledKeys() {
      return disabled;
    }

    /** @return destroyed keys */
    public int destroyedKeys() {
      return destroyed;
    }

    /** @return subject keysets, live and shredded */
    public int subjectKeysets() {
      return subjectKeysets;
    }

    /** @return subject keysets whose keys are all destroyed */
    public int shreddedSubjectKeysets() {
      return shreddedSubjectKeysets;
    }

    /** @return whether the tenant's own keyset was crypto-shredded */
    public boolean shredded() {
      return shredded;
    }

    /** @return the age of the oldest enabled key, or null if none is enabled */
    public @Nullable Duration oldestEnabledKeyAge() {
      return oldestEnabledKeyAge;
    }

    @Override
    public String toString() {
      return "tenant '" + tenant + "': " + enabled + " enabled, " + disabled + " disabled, " + destroyed
          + " destroyed keys, " + subjectKeysets + " subject keysets" + (shredded ? ", shredded" : "");
    }
  }

  /** Which key one ciphertext was made with. Immutable. */
  public static final class KeyUse {
    private final int index;
    private final String format;
    private final long keyId;
    private final List<Key> keys;
    private final boolean exact;
    private final @Nullable String problem;

    KeyUse(int index, String format, long keyId, List<Key> keys, boolean exact, @Nullable String problem) {
      this.index = index;
      this.format = format;
      this.keyId = keyId;
      this.keys = List.copyOf(keys);
      this.exact = exact;
      this.problem = problem;
    }

    /** @return the ciphertext's position in the input */
    public int index() {
      return index;
    }

    /**
     * @return the ciphertext format: {@code one-shot} ({@link DataEncryptor}), {@code stream}
     *     ({@link StreamingEncryptor}), {@code deterministic} ({@link DeterministicEncryptor}), or
     *     {@code unknown}
     */
    public String format() {
      return format;
    }

    /** @return the key id its header names, or 0 if it could not be parsed */
    public long keyId() {
      return keyId;
    }

    /**
     * @return the matching keys: exactly one when {@link #exact()}, else every key with the id
     *     that cannot be told apart by commitment (destroyed keys; deterministic ciphertexts),
     *     possibly in several tenants, or none
     */
    public List<Key> keys() {
      return keys;
    }

    /** @return whether the key was identified by its key commitment, so exactly */
    public boolean exact() {
      return exact;
    }

    /** @return why no key was found (unparseable, or no such key in the store), or null */
    public @Nullable String problem() {
      return problem;
    }

    @Override
    public String toString() {
      if (problem != null) {
        return "#" + index + ": " + problem;
      }
      return "#" + index + ": " + (exact ? "" : "possibly ") + keys;
    }
  }

  /** What a key compromise exposes: the affected keys and tenants. Immutable. */
  public static final class BreachReport {
    private final String compromised;
    private final List<Key> keys;

    BreachReport(String compromised, List<Key> keys) {
      this.compromised = compromised;
      this.keys = List.copyOf(keys);
    }

    /** @return what was assumed compromised */
    public String compromised() {
      return compromised;
    }

    /** @return the keys whose data is exposed (destroyed ones included: data under them may remain) */
    public List<Key> exposedKeys() {
      return keys;
    }

    /**
     * @return tenants whose data is exposed, sorted: those with a key in {@link #exposedKeys()} that
     *     is not destroyed (data under destroyed keys is unreadable even with the key store)
     */
    public List<String> affectedTenants() {
      TreeSet<String> t = new TreeSet<>();
      for (Key k : keys) {
        if (k.status() != KeyStatus.DESTROYED) {
          t.add(k.tenant());
        }
      }
      return List.copyOf(t);
    }

    /**
     * @return how many data-subject keysets per affected tenant are exposed, by tenant
     */
    public Map<String, Integer> exposedSubjects() {
      Map<String, TreeSet<String>> subjects = new TreeMap<>();
      for (Key k : keys) {
        if (k.subjectKeyset() && k.status() != KeyStatus.DESTROYED) {
          subjects.computeIfAbsent(k.tenant(), x -> new TreeSet<>()).add(String.valueOf(k.subject()));
        }
      }
      Map<String, Integer> out = new TreeMap<>();
      subjects.forEach((t, s) -> out.put(t, s.size()));
      return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("if " + compromised + " is compromised: ");
      List<String> tenants = affectedTenants();
      if (tenants.isEmpty()) {
        return b.append("no live data is exposed").toString();
      }
      b.append(tenants.size()).append(tenants.size() == 1 ? " tenant" : " tenants").append(" affected: ");
      Map<String, Integer> subjects = exposedSubjects();
      for (int i = 0; i < tenants.size(); i++) {
        String t = tenants.get(i);
        b.append(i == 0 ? "" : ", ").append('\'').append(t).append('\'');
        Integer n = subjects.get(t);
        if (n != null) {
          b.append(" (").append(n).append(n == 1 ? " subject" : " subjects").append(')');
        }
      }
      return b.toString();
    }
  }
}
