package dev.wsgate.example.apikey;

import dev.wsgate.spi.ProviderSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed keys file: one key per line, {@code <sha256-hex> <subject> <expires> [scope,scope]},
 * {@code #} starts a comment. The file holds digests only, so reading it does not reveal a key.
 *
 * @param keys the entries by lower-case hex digest
 * @param version the file's modification time and size when it was read
 */
record ApiKeyFile(Map<String, Entry> keys, String version) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

  /** One accepted key. */
  record Entry(String subject, Instant expires, Set<String> scopes) {}

  ApiKeyFile {
    keys = Map.copyOf(keys);
  }

  /** Reads the file at start-up; every bad line is reported with its number, never its content. */
  static ApiKeyFile load(Path file, ProviderSettings settings) {
    try {
      return read(file);
    } catch (IOException e) {
      throw settings.problem("keys-file", "cannot be read: " + e.getClass().getSimpleName());
    } catch (IllegalArgumentException e) {
      throw settings.problem("keys-file", e.getMessage());
    }
  }

  static ApiKeyFile read(Path file) throws IOException {
    String version = version(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Entry> keys = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 3 || f.length > 4 || !HEX64.matcher(f[0]).matches()) {
        problems.add("line " + (i + 1) + ": expected '<sha256-hex> <subject> <expires> [scopes]'");
        continue;
      }
      try {
        Set<String> scopes = f.length == 4 ? Set.of(f[3].split(",")) : Set.of();
        keys.put(f[0].toLowerCase(Locale.ROOT), new Entry(f[1], Instant.parse(f[2]), scopes));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": expires must be an ISO-8601 instant");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("has bad lines: " + String.join("; ", problems));
    }
    return new ApiKeyFile(keys, version);
  }

  /**
   * What identifies one state of the file: its modification time and size (an append within one
   * timestamp tick still changes the size).
   */
  static String version(Path file) throws IOException {
    return Files.getLastModifiedTime(file) + "/" + Files.size(file);
  }

  /** The lower-case hex SHA-256 of a presented key. */
  static String digest(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }
}
