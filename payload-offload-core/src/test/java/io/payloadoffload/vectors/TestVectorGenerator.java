package io.payloadoffload.vectors;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the cross-language test vectors of {@code test-vectors/} (see docs/envelope.md). The files
 * are committed; {@link TestVectorsTest} runs the Java reader over every one. Run it from the core
 * module's directory after a change to the list: {@code java -cp <test class path>
 * io.payloadoffload.vectors.TestVectorGenerator ../test-vectors}.
 */
public final class TestVectorGenerator {
  static final String SESSION = "s-42";
  static final String CREATED = "2026-11-26T20:00:00Z";
  static final String EXPIRES = "2026-11-28T20:00:00Z";
  private static final byte[] ORIGINAL = original();

  private final Path root;

  private TestVectorGenerator(Path root) {
    this.root = root;
  }

  /**
   * Writes every vector under {@code args[0]}.
   *
   * @param args the target folder
   * @throws Exception if a file cannot be written
   */
  public static void main(String[] args) throws Exception {
    new TestVectorGenerator(Paths.get(args[0])).writeAll();
  }

  private void writeAll() throws Exception {
    byte[] empty = new byte[0];
    byte[] half1 = Arrays.copyOf(ORIGINAL, ORIGINAL.length / 2);
    byte[] half2 = Arrays.copyOfRange(ORIGINAL, ORIGINAL.length / 2, ORIGINAL.length);
    for (String checksum : new String[] {"sha256", "crc32c"}) {
      ok("ok-none-" + checksum, "no compression", ORIGINAL, "none", ORIGINAL, checksum);
      ok("ok-gzip-" + checksum, "one gzip member", ORIGINAL, "gzip", gzip(ORIGINAL), checksum);
      ok("ok-zstd-" + checksum, "one zstd frame", ORIGINAL, "zstd", Zstd.compress(ORIGINAL, 3), checksum);
      ok("ok-empty-none-" + checksum, "an empty payload", empty, "none", empty, checksum);
      ok("ok-empty-gzip-" + checksum, "an empty payload, gzip", empty, "gzip", gzip(empty), checksum);
      ok("ok-empty-zstd-" + checksum, "an empty payload, zstd", empty, "zstd", Zstd.compress(empty, 3), checksum);
    }
    ok("ok-zstd-no-checksum", "no checksum field; the zstd frame carries its content checksum", ORIGINAL, "zstd",
        new ZstdCompressCtx().setLevel(3).setChecksum(true).compress(ORIGINAL), null);
    ok("ok-zstd-concatenated-frames", "two zstd frames, one after the other", ORIGINAL, "zstd",
        concat(Zstd.compress(half1, 3), Zstd.compress(half2, 3)), "sha256");
    ok("ok-zstd-skippable-frame", "a skippable frame before and between the zstd frames", ORIGINAL, "zstd",
        concat(skippable(7), Zstd.compress(half1, 3), skippable(3), Zstd.compress(half2, 3)), "sha256");
    ok("ok-gzip-multi-member", "two gzip members, one after the other", ORIGINAL, "gzip",
        concat(gzip(half1), gzip(half2)), "sha256");
    String plain = envelope(ORIGINAL.length, ORIGINAL.length, "none", checksum("sha256", ORIGINAL));
    write("ok-envelope-offset-and-unknown-fields", "timestamps with offsets and fraction, unknown fields, nulls for"
        + " optional fields", plain.replace("\"" + CREATED + "\"", "\"2026-11-26T21:00:00.000+01:00\"")
            .replace("\"tool_name\":\"analyze\"", "\"tool_name\":null,\"future_field\":{\"a\":[1,2]}"),
        ORIGINAL, ORIGINAL, "ok", null);

    formatErrors(plain);

    byte[] zstd = Zstd.compress(ORIGINAL, 3);
    byte[] gzip = gzip(ORIGINAL);
    String sha = checksum("sha256", ORIGINAL);
    decodeError("decode-zstd-truncated", "the zstd frame ends early", "zstd", Arrays.copyOf(zstd, zstd.length - 5), sha);
    decodeError("decode-zstd-corrupt-magic", "not a zstd frame", "zstd", flip(zstd, 0), sha);
    decodeError("decode-zstd-trailing-bytes", "bytes after the last frame", "zstd", concat(zstd, new byte[] {1, 2, 3}),
        sha);
    decodeError("decode-gzip-truncated", "the gzip member ends early", "gzip", Arrays.copyOf(gzip, gzip.length - 5), sha);
    decodeError("decode-gzip-bad-trailer-crc", "the gzip trailer's CRC-32 is wrong", "gzip",
        flip(gzip, gzip.length - 8), sha);
    decodeError("decode-gzip-trailing-bytes", "bytes after the last member", "gzip", concat(gzip, new byte[] {1, 2, 3}),
        sha);
    byte[] zeros = new byte[1 << 20];
    byte[] bomb = Zstd.compress(zeros, 3);
    write("decode-zstd-bomb", "1 MiB of zeros declared as " + ORIGINAL.length + " bytes: the cap stops decoding",
        envelope(ORIGINAL.length, bomb.length, "zstd", checksum("sha256", Arrays.copyOf(zeros, ORIGINAL.length))),
        bomb, null, "decode", null);

    write("integrity-sha256-mismatch", "the bytes decode, but their SHA-256 differs",
        envelope(ORIGINAL.length, zstd.length, "zstd", checksum("sha256", flip(ORIGINAL, 100))), zstd, ORIGINAL,
        "integrity", null);
    write("integrity-crc32c-mismatch", "the bytes decode, but their CRC32C differs",
        envelope(ORIGINAL.length, gzip.length, "gzip", checksum("crc32c", flip(ORIGINAL, 100))), gzip, ORIGINAL,
        "integrity", null);
    write("integrity-fewer-bytes-than-declared", "the stored bytes decode to one byte fewer than payload_size_bytes",
        envelope(ORIGINAL.length + 1, zstd.length, "zstd", null), zstd, ORIGINAL, "integrity", null);
    write("integrity-none-sizes-differ", "compression none with a stored size other than the payload size",
        envelope(ORIGINAL.length + 1, ORIGINAL.length, "none", null), ORIGINAL, null, "integrity", null);
  }

  /** Every rejection docs/envelope.md lists, numbered by its rule. */
  private void formatErrors(String plain) throws IOException {
    String id = "\"message_bus_transaction_id\":\"txn_0f3a0f3a0f3a0f3a0f3a0f3a0f3a0f3a\"";
    String payloadSize = "\"payload_size_bytes\":" + ORIGINAL.length;
    String storedSize = "\"stored_size_bytes\":" + ORIGINAL.length;
    format("01-not-json", plain.substring(0, plain.length() - 1));
    format("01-trailing-content", plain + " {}");
    format("01-too-long", plain.replace("\"tool_name\":\"analyze\"", "\"tool_name\":\"" + "x".repeat(65_536) + "\""));
    format("01-too-deep", plain.replace("\"tool_name\":\"analyze\"", "\"deep\":" + "[".repeat(32) + "]".repeat(32)));
    format("02-array", "[" + plain + "]");
    format("03-version-missing", plain.replace("\"envelope_version\":1,", ""));
    format("03-version-null", plain.replace("\"envelope_version\":1", "\"envelope_version\":null"));
    format("03-version-2", plain.replace("\"envelope_version\":1", "\"envelope_version\":2"));
    format("03-version-string", plain.replace("\"envelope_version\":1", "\"envelope_version\":\"1\""));
    format("03-version-float", plain.replace("\"envelope_version\":1", "\"envelope_version\":1.0"));
    format("04-id-missing", plain.replace(id + ",", ""));
    format("04-id-uppercase", plain.replace("txn_0f3a0f3a", "txn_0F3A0F3A"));
    format("04-id-short", plain.replace("txn_0f3a0f3a", "txn_0f3a0f3"));
    format("04-id-whitespace", plain.replace("\"txn_0f3a", "\" txn_0f3a"));
    format("04-id-number", plain.replace(id, "\"message_bus_transaction_id\":12"));
    format("05-size-missing", plain.replace(payloadSize + ",", ""));
    format("05-size-negative", plain.replace(payloadSize, "\"payload_size_bytes\":-1"));
    format("05-size-float", plain.replace(payloadSize, "\"payload_size_bytes\":10.0"));
    format("05-size-exponent", plain.replace(payloadSize, "\"payload_size_bytes\":1e3"));
    format("05-size-string", plain.replace(payloadSize, "\"payload_size_bytes\":\"10\""));
    format("05-size-overflow", plain.replace(payloadSize, "\"payload_size_bytes\":9223372036854775808"));
    format("05-stored-size-missing", plain.replace(storedSize + ",", ""));
    format("05-stored-size-negative", plain.replace(storedSize, "\"stored_size_bytes\":-5"));
    format("06-compression-missing", plain.replace("\"compression\":\"none\",", ""));
    format("06-compression-uppercase", plain.replace("\"compression\":\"none\"", "\"compression\":\"ZSTD\""));
    format("06-compression-unknown", plain.replace("\"compression\":\"none\"", "\"compression\":\"br\""));
    format("06-compression-space", plain.replace("\"compression\":\"none\"", "\"compression\":\" zstd\""));
    format("07-checksum-uppercase", plain.replace("\"checksum\":\"sha256:", "\"checksum\":\"SHA256:"));
    format("07-checksum-short", plain.replace("\"checksum\":\"sha256:", "\"checksum\":\"sha256:0"));
    format("07-checksum-unknown-algorithm", plain.replace("\"checksum\":\"sha256:", "\"checksum\":\"md5:"));
    format("07-checksum-crc32c-long", plain.replace("\"checksum\":\"sha256:", "\"checksum\":\"crc32c:"));
    format("08-created-missing", plain.replace("\"created_at\":\"" + CREATED + "\",", ""));
    format("08-created-no-zone", plain.replace(CREATED, "2026-11-26T20:00:00"));
    format("08-created-space", plain.replace(CREATED, "2026-11-26 20:00:00Z"));
    format("08-expires-no-seconds", plain.replace(EXPIRES, "2026-11-28T20:00Z"));
    format("08-expires-number", plain.replace("\"" + EXPIRES + "\"", "1795982400"));
    format("09-expires-before-created", plain.replace(EXPIRES, "2026-11-26T19:59:59Z"));
    format("10-retrieval-required-string", plain.replace("\"retrieval_required\":true", "\"retrieval_required\":\"true\""));
    format("10-session-number", plain.replace("\"session_id\":\"" + SESSION + "\"", "\"session_id\":42"));
    format("10-tool-array", plain.replace("\"tool_name\":\"analyze\"", "\"tool_name\":[\"analyze\"]"));
    format("10-content-type-object", plain.replace("\"content_type\":\"application/json\"", "\"content_type\":{}"));
  }

  private void ok(String name, String description, byte[] original, String compression, byte[] stored,
      String checksumAlgorithm) throws IOException {
    String checksum = checksumAlgorithm == null ? null : checksum(checksumAlgorithm, original);
    write(name, description, envelope(original.length, stored.length, compression, checksum), stored, original, "ok",
        null);
  }

  private void decodeError(String name, String description, String compression, byte[] stored, String checksum)
      throws IOException {
    write(name, description, envelope(ORIGINAL.length, stored.length, compression, checksum), stored, null, "decode",
        null);
  }

  private void format(String name, String envelopeText) throws IOException {
    String rule = name.substring(0, 2);
    write("format-" + name, "rejected by rule " + Integer.parseInt(rule) + " of docs/envelope.md's validation list",
        envelopeText, null, null, "envelope_format", Integer.parseInt(rule));
  }

  private void write(String name, String description, String envelope, byte[] stored, byte[] original,
      String outcome, Integer rule) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("envelope.json"), envelope, StandardCharsets.UTF_8);
    if (stored != null) {
      Files.write(dir.resolve("stored.bin"), stored);
    }
    if (original != null) {
      Files.write(dir.resolve("original.bin"), original);
    }
    StringBuilder expected = new StringBuilder("{\n  \"outcome\": \"").append(outcome).append("\",\n");
    if (rule != null) {
      expected.append("  \"rule\": ").append(rule).append(",\n");
    }
    if (original != null && outcome.equals("ok")) {
      expected.append("  \"original_size_bytes\": ").append(original.length).append(",\n")
          .append("  \"original_sha256\": \"").append(checksum("sha256", original)).append("\",\n");
    }
    expected.append("  \"description\": \"").append(description).append("\"\n}\n");
    Files.writeString(dir.resolve("expected.json"), expected.toString(), StandardCharsets.UTF_8);
  }

  static String envelope(long size, long storedSize, String compression, String checksum) {
    return "{\"message_bus_transaction_id\":\"txn_0f3a0f3a0f3a0f3a0f3a0f3a0f3a0f3a\",\"payload_size_bytes\":" + size
        + ",\"retrieval_required\":true,\"session_id\":\"" + SESSION + "\",\"tool_name\":\"analyze\","
        + "\"envelope_version\":1,\"stored_size_bytes\":" + storedSize + ",\"compression\":\"" + compression + "\","
        + (checksum == null ? "" : "\"checksum\":\"" + checksum + "\",")
        + "\"content_type\":\"application/json\",\"created_at\":\"" + CREATED + "\",\"expires_at\":\"" + EXPIRES
        + "\"}";
  }

  static String checksum(String algorithm, byte[] bytes) {
    if (algorithm.equals("crc32c")) {
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      return String.format("crc32c:%08x", crc.getValue());
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] original() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < 120; i++) {
      text.append(i == 0 ? "" : ",").append("{\"row\":").append(i).append(",\"name\":\"item ").append(i * 37 % 101)
          .append("\",\"ok\":").append(i % 3 == 0).append("}");
    }
    return text.append("]").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] skippable(int length) {
    ByteBuffer frame = ByteBuffer.allocate(8 + length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(0x184D2A50).putInt(length);
    return frame.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x55;
    return copy;
  }
}
