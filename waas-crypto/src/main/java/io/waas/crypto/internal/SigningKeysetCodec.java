package io.waas.crypto.internal;

import io.waas.core.MalformedDataException;
import io.waas.crypto.KeyStatus;
import io.waas.crypto.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary layers of a named signing keyset in the key store, alongside (and distinct from)
 * the data keysets of {@link KeysetCodec}.
 *
 * <p>The <b>payload</b> (plaintext, only ever in memory) lists the keyset's keys with their
 * private and public halves. The <b>file</b> wraps the payload with the key-encryption key,
 * bound to the blob name through the associated data, and adds a SHA-256 checksum so that damage
 * (bit rot, truncation) is reported as corruption, distinct from a forged or moved file (which
 * fails authentication). The file magic differs from data keysets' ({@code "WSK"} vs {@code
 * "WKS"}), and so does the associated-data label, so neither kind can pass for the other.
 *
 * <pre>
 * payload: u8 version=1 | u16+utf8 name | u32 primaryId | u16 n |
 *          n x (u32 id | u8 algorithm | u8 status | i64 created ms | i64 changed ms |
 *               u8 privateLength (0 or 32) | private | u8 publicLength (0, or 32 / 65) | public)
 * file:    "WSK" | u8 version=1 | u16+utf8 kekId | u32 wrappedLength | wrapped | sha256(all before)
 * </pre>
 */
public final class SigningKeysetCodec {
  private static final byte[] FILE_MAGIC = {'W', 'S', 'K'};
  private static final int VERSION = 1;
  /** The most keys a signing keyset may hold; the payload reader refuses more. */
  static final int MAX_KEYS = 10_000;

  private SigningKeysetCodec() {}

  /** A parsed signing keyset file. */
  public static final class WrappedSigningKeyset {
    public final String kekId;
    public final byte[] wrapped;

    WrappedSigningKeyset(String kekId, byte[] wrapped) {
      this.kekId = kekId;
      this.wrapped = wrapped;
    }
  }

  /**
   * Serializes a keyset's plaintext payload, private keys included. The caller must wipe the
   * result.
   *
   * @param keyset the keyset
   * @return the payload
   */
  public static byte[] encodePayload(SigningKeyset keyset) {
    ByteIO.Writer w = new ByteIO.Writer(64 + keyset.keys().size() * 128);
    try {
      w.u8(VERSION).string16(keyset.name()).u32(keyset.primaryId()).u16(keyset.keys().size());
      for (SigningKey k : keyset.keys()) {
        w.u32(k.id())
            .u8(k.algorithm().id())
            .u8(k.status().code())
            .i64(k.createdAt().toEpochMilli())
            .i64(k.statusChangedAt().toEpochMilli());
        byte[] priv = k.privateKeyBytes();
        byte[] pub = k.publicKey();
        if (priv == null || pub == null) {
          w.u8(0).u8(0);
        } else {
          try {
            w.u8(priv.length).bytes(priv).u8(pub.length).bytes(pub);
          } finally {
            Arrays.fill(priv, (byte) 0);
          }
        }
      }
      return w.toByteArray();
    } finally {
      w.wipe();
    }
  }

  /**
   * Parses a payload strictly: every length, code and cross-reference is checked, and each key's
   * halves must belong together.
   *
   * @param payload the decrypted payload; not modified
   * @return the keyset
   * @throws MalformedDataException if the payload is malformed
   * @throws GeneralSecurityException if a key cannot be instantiated
   */
  public static SigningKeyset decodePayload(byte[] payload) throws GeneralSecurityException {
    ByteIO.Reader r = new ByteIO.Reader(payload, "signing keyset payload");
    int version = r.u8();
    if (version != VERSION) {
      throw new MalformedDataException("unsupported signing keyset payload version " + version);
    }
    String name = r.string16();
    long primary = r.u32();
    int n = r.u16();
    if (n > MAX_KEYS) {
      throw new MalformedDataException("signing keyset has too many keys: " + n);
    }
    List<SigningKey> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long id = r.u32();
      if (id == 0) {
        throw new MalformedDataException("signing keyset has a key with id 0");
      }
      for (SigningKey k : keys) {
        if (k.id() == id) {
          throw new MalformedDataException("signing keyset has key id " + id + " twice");
        }
      }
      int algId = r.u8();
      SignatureAlgorithm alg = SignatureAlgorithm.byId(algId);
      if (alg == null) {
        throw new MalformedDataException("signing key " + id + " has unknown algorithm " + algId);
      }
      KeyStatus status;
      try {
        status = KeyStatus.byCode(r.u8());
      } catch (IllegalArgumentException e) {
        throw new MalformedDataException("signing key " + id + ": " + e.getMessage(), e);
      }
      Instant created = Instant.ofEpochMilli(r.i64());
      Instant changed = Instant.ofEpochMilli(r.i64());
      int privLen = r.u8();
      if (privLen != 0 && privLen != TinkSignatureKeys.PRIVATE_KEY_LENGTH) {
        throw new MalformedDataException("signing key " + id + " has a private key of length " + privLen);
      }
      byte[] priv = privLen == 0 ? null : r.bytes(privLen);
      try {
        int pubLen = r.u8();
        if (pubLen != 0 && pubLen != TinkSignatureKeys.publicKeyLength(alg)) {
          throw new MalformedDataException(
              "signing key " + id + " (" + alg + ") has a public key of length " + pubLen);
        }
        byte[] pub = pubLen == 0 ? null : r.bytes(pubLen);
        keys.add(SigningKey.of(id, alg, status, created, changed, priv, pub));
      } finally {
        if (priv != null) {
          Arrays.fill(priv, (byte) 0);
        }
      }
    }
    r.expectEnd();
    SigningKeyset ks = new SigningKeyset(name, primary, keys);
    if (primary != 0) {
      SigningKey p = ks.find(primary);
      if (p == null || p.status() != KeyStatus.ENABLED) {
        throw new MalformedDataException("signing keyset's primary key " + primary + " is missing or not enabled");
      }
    }
    return ks;
  }

  /**
   * Builds a signing keyset file around a wrapped payload.
   *
   * @param kekId id of the key-encryption key that wrapped it
   * @param wrapped the wrapped payload
   * @return the file content
   */
  public static byte[] encodeFile(String kekId, byte[] wrapped) {
    ByteIO.Writer w = new ByteIO.Writer(wrapped.length + 64);
    w.bytes(FILE_MAGIC).u8(VERSION).string16(kekId).u32(wrapped.length).bytes(wrapped);
    byte[] body = w.toByteArray();
    byte[] sum = KeysetCodec.sha256(body);
    byte[] out = Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, out, body.length, sum.length);
    return out;
  }

  /**
   * Parses and checksums a signing keyset file.
   *
   * @param file the file content
   * @param name the blob's name, for messages
   * @return the KEK id and wrapped payload
   * @throws MalformedDataException if the file is truncated, has a bad checksum or a bad layout
   */
  public static WrappedSigningKeyset decodeFile(byte[] file, String name) throws MalformedDataException {
    if (file.length < FILE_MAGIC.length + 1 + 2 + 4 + 32) {
      throw new MalformedDataException("signing keyset file '" + name + "' is truncated (" + file.length + " bytes)");
    }
    byte[] body = Arrays.copyOf(file, file.length - 32);
    byte[] sum = Arrays.copyOfRange(file, file.length - 32, file.length);
    if (!MessageDigest.isEqual(KeysetCodec.sha256(body), sum)) {
      throw new MalformedDataException("signing keyset file '" + name + "' is corrupted: its checksum does not match");
    }
    ByteIO.Reader r = new ByteIO.Reader(body, "signing keyset file '" + name + "'");
    if (!Arrays.equals(r.bytes(3), FILE_MAGIC)) {
      throw new MalformedDataException("'" + name + "' is not a signing keyset file");
    }
    int version = r.u8();
    if (version != VERSION) {
      throw new MalformedDataException("signing keyset file '" + name + "' has unsupported version " + version);
    }
    String kekId = r.string16();
    long len = r.u32();
    if (len > body.length) {
      throw new MalformedDataException("signing keyset file '" + name + "' declares too long a payload");
    }
    byte[] wrapped = r.bytes((int) len);
    r.expectEnd();
    return new WrappedSigningKeyset(kekId, wrapped);
  }

  /**
   * Associated data binding a wrapped signing keyset to its blob name; its label differs from
   * {@link KeysetCodec#wrapAssociatedData}, so a data keyset can never unwrap as a signing keyset.
   *
   * @param storageName the blob name
   * @return the associated data
   */
  public static byte[] wrapAssociatedData(String storageName) {
    return ("waas-signing-keyset/v1:" + storageName).getBytes(StandardCharsets.UTF_8);
  }
}
