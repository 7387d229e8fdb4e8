package io.waas.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.waas.core.SecretChars;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyMetadata;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;

/**
 * Child JVM for the PKCS#11 tests (see {@link SoftHsm} for why): runs with {@code SOFTHSM2_CONF}
 * set, reads one command per line from stdin and answers one line on stdout, {@code OK <value>}
 * or {@code ERR <exception simple name> <base64 message>}. Arguments are base64 (UTF-8 for
 * strings). KEKs and key rings are kept under names the parent chooses.
 */
public final class Pkcs11Child {
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private final Map<String, Pkcs11KeyEncryptionKey> keks = new HashMap<>();
  private final Map<String, KeyRing> rings = new HashMap<>();

  private Pkcs11Child() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    Pkcs11Child child = new Pkcs11Child();
    out.println("READY");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ", -1);
      if (words[0].equals("exit")) {
        break;
      }
      String reply;
      try {
        reply = "OK " + child.run(words[0], Arrays.copyOfRange(words, 1, words.length));
      } catch (Exception | AssertionError e) {
        e.printStackTrace(System.err);
        reply = "ERR " + e.getClass().getSimpleName() + " "
            + B64.encodeToString(String.valueOf(e.getMessage()).getBytes(UTF_8));
      }
      out.println(reply);
    }
    for (KeyRing r : child.rings.values()) {
      r.close();
    }
    for (Pkcs11KeyEncryptionKey k : child.keks.values()) {
      k.close();
    }
  }

  private static byte[] bytes(String arg) {
    return B64D.decode(arg);
  }

  private static String str(String arg) {
    return new String(bytes(arg), UTF_8);
  }

  private static Pkcs11KekConfig config(String[] a, int from) {
    // library, slot, label, pin
    char[] pin = str(a[from + 3]).toCharArray();
    return Pkcs11KekConfig.builder()
        .library(Path.of(str(a[from])))
        .slot(Long.parseLong(str(a[from + 1])))
        .keyLabel(str(a[from + 2]))
        .pin(SecretChars.wrap(pin))
        .build();
  }

  private Pkcs11KeyEncryptionKey kek(String name) {
    return Objects.requireNonNull(keks.get(str(name)), "no KEK " + str(name));
  }

  private KeyRing ring(String name) {
    return Objects.requireNonNull(rings.get(str(name)), "no key ring " + str(name));
  }

  private static EncryptionContext context(String tenant, String record) {
    return EncryptionContext.of(tenant, "hsm-test", record);
  }

  private String run(String command, String[] a) throws Exception {
    switch (command) {
      case "create":
      case "open": {
        Pkcs11KekConfig config = config(a, 1);
        Pkcs11KeyEncryptionKey k =
            command.equals("create") ? Pkcs11KeyEncryptionKey.create(config) : Pkcs11KeyEncryptionKey.open(config);
        config.pin().close(); // the open key needs the PIN no more
        keks.put(str(a[0]), k);
        return Integer.toString(k.currentVersion());
      }
      case "wrap":
        return B64.encodeToString(kek(a[0]).wrap(bytes(a[1]), bytes(a[2])));
      case "unwrap":
        return B64.encodeToString(kek(a[0]).unwrap(bytes(a[1]), bytes(a[2])));
      case "rotate":
        return Integer.toString(kek(a[0]).rotate());
      case "versions":
        return kek(a[0]).versions().stream().map(String::valueOf).collect(Collectors.joining(","));
      case "current":
        return Integer.toString(kek(a[0]).currentVersion());
      case "destroy-version":
        kek(a[0]).destroyVersion(Integer.parseInt(str(a[1])));
        return "";
      case "id":
        return kek(a[0]).id();
      case "describe":
        return kek(a[0]).toString();
      case "close":
        kek(a[0]).close();
        return "";
      case "probe":
        return probe(str(a[0]), Long.parseLong(str(a[1])), str(a[2]), str(a[3]));
      case "plant-extractable":
        plant(str(a[0]), Long.parseLong(str(a[1])), str(a[2]), str(a[3]), true);
        return "";
      case "replace-key":
        plant(str(a[0]), Long.parseLong(str(a[1])), str(a[2]), str(a[3]), false);
        return "";
      case "stress":
        return stress(kek(a[0]), Integer.parseInt(str(a[1])), Integer.parseInt(str(a[2])), Integer.parseInt(str(a[3])));
      case "ring-open":
        rings.put(
            str(a[0]),
            KeyRing.builder()
                .directory(Path.of(str(a[2])))
                .keyEncryptionKey(kek(a[1]))
                .eventListener(SecurityEventListener.none())
                .build());
        return "";
      case "encrypt":
        return B64.encodeToString(ring(a[0]).encryptor().encrypt(bytes(a[3]), context(str(a[1]), str(a[2]))));
      case "decrypt":
        return B64.encodeToString(ring(a[0]).encryptor().decrypt(bytes(a[3]), context(str(a[1]), str(a[2]))));
      case "encrypt-subject": {
        EncryptionContext ctx =
            EncryptionContext.builder(str(a[1])).subject(str(a[2])).purpose("hsm-test").recordId(str(a[3])).build();
        return B64.encodeToString(ring(a[0]).encryptor().encrypt(bytes(a[4]), ctx));
      }
      case "decrypt-subject": {
        EncryptionContext ctx =
            EncryptionContext.builder(str(a[1])).subject(str(a[2])).purpose("hsm-test").recordId(str(a[3])).build();
        return B64.encodeToString(ring(a[0]).encryptor().decrypt(bytes(a[4]), ctx));
      }
      case "rotate-keys": {
        KeyMetadata m = ring(a[0]).rotate(KeyScope.tenant(str(a[1])));
        return Long.toString(m.keyId());
      }
      case "rewrap":
        return Integer.toString(ring(a[0]).rewrapKeysets());
      case "ring-close":
        ring(a[0]).close();
        rings.remove(str(a[0]));
        return "";
      default:
        throw new IllegalArgumentException("unknown command " + command);
    }
  }

  /**
   * Looks at a token key through a separately configured SunPKCS11 provider, without the SDK:
   * what the JCA reveals about its value.
   */
  private static String probe(String library, long slot, String alias, String pin) throws Exception {
    String config = "--name = probe\\nlibrary = \"" + library + "\"\\nslot = " + slot + "\\n";
    Provider p = Objects.requireNonNull(Security.getProvider("SunPKCS11")).configure(config);
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, pin.toCharArray());
    Key key = ks.getKey(alias, null);
    if (!(key instanceof SecretKey)) {
      return "missing";
    }
    String keySpec;
    try {
      SecretKeyFactory.getInstance("AES", p).getKeySpec((SecretKey) key, SecretKeySpec.class);
      keySpec = "exported";
    } catch (Exception e) {
      keySpec = "refused";
    }
    return "encoded=" + (key.getEncoded() == null ? "null" : "present")
        + " format=" + key.getFormat()
        + " keySpec=" + keySpec
        + " description=" + key;
  }

  /**
   * Replaces whatever is stored under {@code alias} by a new AES key, without the SDK: an
   * extractable, non-sensitive one (as a careless import by another tool would make) or a
   * sensitive, non-extractable one (as a vendor tool would).
   */
  private static void plant(String library, long slot, String alias, String pin, boolean extractable)
      throws Exception {
    String config = "--name = planter\\nlibrary = \"" + library + "\"\\nslot = " + slot + "\\n"
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\\n CKA_TOKEN = false\\n"
        + " CKA_SENSITIVE = " + !extractable + "\\n CKA_EXTRACTABLE = " + extractable + "\\n}\\n";
    Provider p = Objects.requireNonNull(Security.getProvider("SunPKCS11")).configure(config);
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, pin.toCharArray());
    if (ks.containsAlias(alias)) {
      ks.deleteEntry(alias);
    }
    KeyGenerator g = KeyGenerator.getInstance("AES", p);
    g.init(256);
    ks.setEntry(alias, new KeyStore.SecretKeyEntry(g.generateKey()), null);
  }

  /**
   * Threads wrap and unwrap their own random values with their own associated data while the
   * KEK is rotated {@code rotations} times; reports {@code <round trips> <failures> <first
   * failure>}.
   */
  private static String stress(Pkcs11KeyEncryptionKey kek, int threads, int ops, int rotations) throws Exception {
    AtomicInteger roundTrips = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads + 1];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        SecureRandom rnd = new SecureRandom();
        try {
          start.await();
          for (int i = 0; i < ops; i++) {
            byte[] pt = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(pt);
            byte[] ad = ("thread-" + id + "/" + i).getBytes(UTF_8);
            byte[] wrapped = kek.wrap(pt, ad);
            if (Arrays.equals(kek.unwrap(wrapped, ad), pt)) {
              roundTrips.incrementAndGet();
            } else {
              failures.add("thread " + id + " op " + i + ": unwrap returned other bytes");
            }
          }
        } catch (Exception e) {
          failures.add("thread " + id + ": " + e);
        }
      });
    }
    workers[threads] = new Thread(() -> {
      try {
        start.await();
        for (int r = 0; r < rotations; r++) {
          Thread.sleep(20);
          kek.rotate();
        }
      } catch (Exception e) {
        failures.add("rotation: " + e);
      }
    });
    for (Thread w : workers) {
      w.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    List<String> f = List.copyOf(failures);
    return roundTrips.get() + " " + f.size() + " " + (f.isEmpty() ? "-" : B64.encodeToString(f.get(0).getBytes(UTF_8)));
  }
}
