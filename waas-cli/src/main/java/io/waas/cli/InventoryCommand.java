package io.waas.cli;

import io.waas.crypto.KeyInventory;
import io.waas.crypto.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waas inventory}: the key and data inventory for breach response. Without options it lists
 * every tenant's keys with state and age; with {@code --ciphertext} it tells which key each file
 * was encrypted with; with {@code --compromised-...} it lists the tenants a key compromise affects.
 */
@Command(
    name = "inventory",
    description = {
      "Key and data inventory for breach response: keys per tenant with state and age,",
      "which key each ciphertext file uses, and the tenants affected by a key compromise."
    })
final class InventoryCommand implements Callable<Integer> {
  /** Enough of a file for any ciphertext header. */
  private static final int HEADER_BYTES = 4096;

  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Mixin
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private StoreOptions store;

  @ArgGroup(exclusive = true)
  private @Nullable Question question;

  static final class Question {
    @Option(names = "--json", description = "Print the whole inventory as JSON.")
    boolean json;

    @Option(
        names = "--ciphertext",
        paramLabel = "FILE",
        arity = "1..*",
        description = "Tell which key each ciphertext file was encrypted with.")
    @Nullable List<Path> ciphertexts;

    @Option(
        names = "--compromised-key-id",
        paramLabel = "N",
        description = "Report the tenants affected if key N is compromised (all keys with that id,"
            + " or only TENANT's with --tenant).")
    @Nullable Long keyId;

    @Option(
        names = "--compromised-master-key",
        description = "Report the tenants affected if the master key (KEK) and a copy of the store leak.")
    boolean kek;
  }

  @Option(names = "--tenant", paramLabel = "TENANT", description = "With --compromised-key-id: the key's tenant.")
  private @Nullable String tenant;

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Question q = question == null ? new Question() : question;
    if (tenant != null && q.keyId == null) {
      throw new CommandFailedException(ExitCodes.USAGE, "--tenant only applies to --compromised-key-id");
    }
    List<byte[]> headers = new ArrayList<>();
    if (q.ciphertexts != null) {
      for (Path p : q.ciphertexts) {
        headers.add(readHead(p));
      }
    }
    KeyInventory inv;
    try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b)) {
      inv = KeyInventory.take(ring);
    }
    if (q.json) {
      out.println(inv.toJson());
    } else if (q.ciphertexts != null) {
      printUses(out, q.ciphertexts, inv.keysUsedBy(headers));
    } else if (q.keyId != null) {
      long id = q.keyId;
      KeyInventory.BreachReport r = tenant == null ? inv.ifKeyIdCompromised(id) : inv.ifDataKeyCompromised(tenant, id);
      printReport(out, r);
    } else if (q.kek) {
      printReport(out, inv.ifKeyEncryptionKeyCompromised());
    } else {
      printSummary(out, inv);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static byte[] readHead(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(HEADER_BYTES);
    } catch (IOException e) {
      throw new CommandFailedException(ExitCodes.STORE_OR_IO, "cannot read " + p + ": " + e.getMessage());
    }
  }

  private static void printSummary(PrintWriter out, KeyInventory inv) {
    if (inv.keys().isEmpty()) {
      out.println("No keys in the key store.");
      return;
    }
    TextTable tenants =
        new TextTable("TENANT", "ENABLED", "DISABLED", "DESTROYED", "SUBJECTS", "SHREDDED SUBJECTS", "OLDEST ENABLED");
    for (KeyInventory.TenantSummary t : inv.tenants()) {
      Duration oldest = t.oldestEnabledKeyAge();
      tenants.row(
          t.tenant() + (t.shredded() ? " (shredded)" : ""),
          Integer.toString(t.enabledKeys()),
          Integer.toString(t.disabledKeys()),
          Integer.toString(t.destroyedKeys()),
          Integer.toString(t.subjectKeysets()),
          Integer.toString(t.shreddedSubjectKeysets()),
          oldest == null ? "-" : age(oldest));
    }
    tenants.print(out, "");
    out.println();
    TextTable keys = new TextTable("TENANT", "SUBJECT", "KEY ID", "ALGORITHM", "STATUS", "PRIMARY", "AGE");
    for (KeyInventory.Key k : inv.keys()) {
      String subject = k.subjectKeyset() ? (k.subject() == null ? "(shredded)" : String.valueOf(k.subject())) : "-";
      keys.row(
          k.tenant(),
          subject,
          Long.toString(k.keyId()),
          AlgorithmNames.of(k.algorithm()),
          k.status().name(),
          k.primary() ? "yes" : "",
          age(k.age()));
    }
    keys.print(out, "");
  }

  private static void printUses(PrintWriter out, List<Path> files, List<KeyInventory.KeyUse> uses) {
    TextTable t = new TextTable("FILE", "FORMAT", "KEY ID", "OWNER", "STATUS", "MATCH");
    for (KeyInventory.KeyUse u : uses) {
      String file = files.get(u.index()).toString();
      String problem = u.problem();
      if (problem != null) {
        t.row(file, u.format(), u.keyId() == 0 ? "-" : Long.toString(u.keyId()), "-", "-", problem);
        continue;
      }
      for (KeyInventory.Key k : u.keys()) {
        t.row(
            file,
            u.format(),
            Long.toString(k.keyId()),
            k.owner(),
            k.status().name(),
            u.exact() ? "exact (key commitment)" : "key id only");
      }
    }
    t.print(out, "");
  }

  private static void printReport(PrintWriter out, KeyInventory.BreachReport r) {
    out.println(r);
    if (!r.exposedKeys().isEmpty()) {
      out.println();
      TextTable t = new TextTable("OWNER", "KEY ID", "STATUS", "AGE");
      for (KeyInventory.Key k : r.exposedKeys()) {
        t.row(k.owner(), Long.toString(k.keyId()), k.status().name(), age(k.age()));
      }
      t.print(out, "");
    }
  }

  private static String age(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    return Math.max(0, d.toMinutes()) + "m";
  }
}
