package io.waas.crypto.internal;

import io.waas.core.MalformedDataException;
import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyStatus;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key store's two binary layers.
 *
 * <p>The <b>payload</b> (plaintext, only ever in memory) lists a scope's keys. The <b>file</b>
 * wraps the payload with the key-encryption key and adds a SHA-256 checksum, so that a damaged
 * file (bit rot, truncation) is reported as corruption, distinct from a wrong master key or a
 * forged file (which fail authentication).
 *
 * <pre>
 * payload: u8 version=1 | u16+utf8 label | u32 primaryId | u16 n |
 *          n x (u32 id | u8 algorithm | u8 status | i64 created ms | i64 changed ms |
 *               u8 materialLength (0 or 32) | material)
 * file:    "WKS" | u8 version=1 | u16+utf8 kekId | u32 wrappedLength | wrapped | sha256(all before)
 * </pre>
 */
public final class KeysetCodec {
  private static final byte[] FILE_MAGIC = {'W', 'K', 'S'};
  private static final int VERSION = 1;
  /** The most keys a keyset may hold; the payload reader refuses more. */
  static final int MAX_KEYS = 10_000;

  private KeysetCodec() {}

  /** A parsed key store file. */
  public static final class WrappedKeyset {
    public final String kekId;
    public final byte[] wrapped;

    WrappedKeyset(String kekId, byte[] wrapped) {
      this.kekId = kekId;
      this.wrapped = wrapped;
    }
  }

  /**
   * Serializes a keyset's plaintext payload. The caller must wipe the result.
   *
   * @param keyset the keyset
   * @return the payload
   */
  public static byte[] encodePayload(Keyset keyset) {
    ByteIO.Writer w = new ByteIO.Writer(64 + keyset.keys().size() * 60);
    try {
      w.u8(VERSION).string16(keyset.label()).u32(keyset.primaryId()).u16(keyset.keys().size());
      for (DataKey k : keyset.keys()) {
        w.u32(k.id())
            .u8(k.algorithm().id())
            .u8(k.status().code())
            .i64(k.createdAt().toEpochMilli())
            .i64(k.statusChangedAt().toEpochMilli());
        byte[] m = k.material();
        if (m == null) {
          w.u8(0);
        } else {
          w.u8(m.length).bytes(m);
        }
      }
      return w.toByteArray();
    } finally {
      w.wipe();
    }
  }

  /**
   * Parses a payload.
   *
   * @param payload the decrypted payload; not modified
   * @return the keyset
   * @throws MalformedDataException if the payload is malformed
   * @throws GeneralSecurityException if a key cannot be instantiated
   */
  public static Keyset decodePayload(byte[] payload) throws GeneralSecurityException {
    ByteIO.Reader r = new ByteIO.Reader(payload, "keyset payload");
    int version = r.u8();
    if (version != VERSION) {
      throw new MalformedDataException("unsupported keyset payload version " + version);
    }
    String label = r.string16();
    long primary = r.u32();
    int n = r.u16();
    if (n > MAX_KEYS) {
      throw new MalformedDataException("keyset has too many keys: " + n);
    }
    List<DataKey> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long id = r.u32();
      int algId = r.u8();
      AeadAlgorithm alg = AeadAlgorithm.byId(algId);
      if (alg == null) {
        throw new MalformedDataException("keyset key " + id + " has unknown algorithm " + algId);
      }
      KeyStatus status;
      try {
        status = KeyStatus.byCode(r.u8());
      } catch (IllegalArgumentException e) {
        throw new MalformedDataException("keyset key " + id + ": " + e.getMessage(), e);
      }
      Instant created = Instant.ofEpochMilli(r.i64());
      Instant changed = Instant.ofEpochMilli(r.i64());
      int len = r.u8();
      if (len != 0 && len != 32) {
        throw new MalformedDataException("keyset key " + id + " has material of length " + len);
      }
      byte[] material = len == 0 ? null : r.bytes(len);
      if (id == 0) {
        throw new MalformedDataException("keyset has a key with id 0");
      }
      for (DataKey k : keys) {
        if (k.id() == id) {
          throw new MalformedDataException("keyset has key id " + id + " twice");
        }
      }
      keys.add(DataKey.of(id, alg, status, created, changed, material));
    }
    r.expectEnd();
    Keyset ks = new Keyset(label, primary, keys);
    if (primary != 0) {
      DataKey p = ks.find(primary);
      if (p == null || p.status() != KeyStatus.ENABLED) {
        throw new MalformedDataException("keyset's primary key " + primary + " is missing or not enabled");
      }
    }
    return ks;
  }

  /**
   * Builds a key store file around a wrapped payload.
   *
   * @param kekId id of the key-encryption key that wrapped it
   * @param wrapped the wrapped payload
   * @return the file content
   */
  public static byte[] encodeFile(String kekId, byte[] wrapped) {
    ByteIO.Writer w = new ByteIO.Writer(wrapped.length + 64);
    w.bytes(FILE_MAGIC).u8(VERSION).string16(kekId).u32(wrapped.length).bytes(wrapped);
    byte[] body = w.toByteArray();
    byte[] sum = sha256(body);
    byte[] out = Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, out, body.length, sum.length);
    return out;
  }

  /**
   * Parses and checksums a key store file.
   *
   * @param file the file content
   * @param name the file's name, for messages
   * @return the KEK id and wrapped payload
   * @throws MalformedDataException if the file is truncated, has a bad checksum or a bad layout
   */
  public static WrappedKeyset decodeFile(byte[] file, String name) throws MalformedDataException {
    if (file.length < FILE_MAGIC.length + 1 + 2 + 4 + 32) {
      throw new MalformedDataException("key store file '" + name + "' is truncated (" + file.length + " bytes)");
    }
    byte[] body = Arrays.copyOf(file, file.length - 32);
    byte[] sum = Arrays.copyOfRange(file, file.length - 32, file.length);
    if (!MessageDigest.isEqual(sha256(body), sum)) {
      throw new MalformedDataException(
          "key store file '" + name + "' is corrupted: its checksum does not match");
    }
    ByteIO.Reader r = new ByteIO.Reader(body, "key store file '" + name + "'");
    if (!Arrays.equals(r.bytes(3), FILE_MAGIC)) {
      throw new MalformedDataException("'" + name + "' is not a key store file");
    }
    int version = r.u8();
    if (version != VERSION) {
      throw new MalformedDataException("key store file '" + name + "' has unsupported version " + version);
    }
    String kekId = r.string16();
    long len = r.u32();
    if (len > body.length) {
      throw new MalformedDataException("key store file '" + name + "' declares too long a payload");
    }
    byte[] wrapped = r.bytes((int) len);
    r.expectEnd();
    return new WrappedKeyset(kekId, wrapped);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Associated data binding a wrapped keyset to its storage name. */
  public static byte[] wrapAssociatedData(String storageName) {
    return ("waas-keyset/v1:" + storageName).getBytes(StandardCharsets.UTF_8);
  }
}
