package io.payloadoffload.benchmarks;

import com.github.luben.zstd.Zstd;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The S3 baseline, the least a hand-written claim check on S3 does: compress with zstd level 3,
 * compute SHA-256, one PutObject of the compressed bytes with the checksum and size as user metadata;
 * read back with one GetObject, decompress (one call, into an array of the known size) and verify.
 * Thread-safe.
 */
public final class RawS3Path implements StoragePath<String> {
  /** How the report names this path. */
  public static final String NAME = "raw SDK (zstd-3, SHA-256, PutObject)";
  private static final String SHA256 = "sha256";
  private static final String SIZE = "original-size";

  private final S3Client s3;
  private final String bucket;

  /**
   * A path writing through the given client.
   *
   * @param s3 the client
   * @param bucket the bucket
   */
  public RawS3Path(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String offload(Payload payload) {
    byte[] original = payload.bytes();
    byte[] compressed = Zstd.compress(original, 3);
    String checksum = HexFormat.of().formatHex(MinimalPath.sha256(original));
    String key = "raw/" + UUID.randomUUID();
    s3.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of(SHA256, checksum,
        SIZE, Integer.toString(original.length))), RequestBody.fromBytes(compressed));
    return key;
  }

  @Override
  public byte[] resolve(String key) {
    ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    Map<String, String> metadata = object.response().metadata();
    byte[] original = Zstd.decompress(object.asByteArrayUnsafe(), Integer.parseInt(metadata.get(SIZE)));
    if (!MessageDigest.isEqual(HexFormat.of().parseHex(metadata.get(SHA256)), MinimalPath.sha256(original))) {
      throw new IllegalStateException("raw S3 object " + key + " failed its checksum");
    }
    return original;
  }
}
