package io.waas.auth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the JDBC store tests.
 *
 * <p>Where the server comes from, in order: the system property {@code waas.postgres.url} (set by
 * {@code .ci/run}, which starts a throw-away cluster); otherwise, when PostgreSQL's {@code initdb}
 * is installed, a throw-away cluster started here through {@code .ci/postgres} and stopped when the
 * JVM exits. Without either, the tests are reported as skipped — or fail when the {@code CI}
 * environment variable is set, so that CI cannot pass without having tested against PostgreSQL.
 *
 * <p>Each {@link #freshSchema} call creates a new schema, so test classes never see each other's
 * tables or rows.
 */
public final class PostgresDatabase {
  private static @Nullable String url;
  private static @Nullable String unavailable;

  private PostgresDatabase() {}

  /**
   * Returns a data source whose connections use a new, empty schema.
   *
   * @param label part of the schema name, for reading server logs
   * @return the data source
   */
  public static DataSource freshSchema(String label) {
    String base = serverUrl();
    String schema = "t_" + label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
        + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setUrl(base);
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema on " + base, e);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(base);
    ds.setCurrentSchema(schema);
    return ds;
  }

  /** Returns the server's JDBC URL, starting a local cluster if needed; skips or fails without one. */
  public static synchronized String serverUrl() {
    if (url == null && unavailable == null) {
      String configured = System.getProperty("waas.postgres.url", "");
      if (!configured.isBlank()) {
        url = configured;
      } else {
        try {
          url = startLocalCluster();
        } catch (IOException | InterruptedException | RuntimeException e) {
          unavailable = e.getMessage();
        }
      }
    }
    if (url != null) {
      return url;
    }
    String why = "no PostgreSQL server: set -Dwaas.postgres.url or install PostgreSQL (" + unavailable + ")";
    if (System.getenv("CI") != null) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  private static String startLocalCluster() throws IOException, InterruptedException {
    Path script = findScript();
    Path dir = Files.createTempDirectory("waas-pg-");
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = new ProcessBuilder("bash", script.toString(), "start", dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("jdbc:")) {
      throw new IllegalStateException(".ci/postgres start failed (exit " + p.exitValue() + ")");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        new ProcessBuilder("bash", script.toString(), "stop", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException ignored) {
        // best effort: the directory is in the temp area
      }
    }));
    return out;
  }

  private static Path findScript() {
    Path d = Paths.get("").toAbsolutePath();
    while (d != null) {
      Path s = d.resolve(".ci/postgres");
      if (Files.isRegularFile(s)) {
        return s;
      }
      d = d.getParent();
    }
    throw new IllegalStateException("no .ci/postgres script above the working directory");
  }
}
