package io.payloadoffload.examples;

import io.payloadoffload.s3.S3PayloadStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The example server's S3 store, from environment variables. {@code S3_BUCKET} selects it; the other
 * variables need it:
 *
 * <ul>
 *   <li>{@code S3_ENDPOINT}: an S3-compatible server, such as {@code http://127.0.0.1:9000}; default AWS
 *   <li>{@code S3_REGION}: default the SDK's region chain, {@code us-east-1} with {@code S3_ENDPOINT}
 *   <li>{@code S3_PATH_STYLE}: {@code true} or {@code false} (default); MinIO and s3proxy need {@code true}
 *   <li>{@code S3_KEY_PREFIX}: default {@value #DEFAULT_KEY_PREFIX}
 *   <li>{@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}:
 *       taken from the given variables when both keys are there; else the SDK's default chain (profile,
 *       container or instance role)
 * </ul>
 */
final class S3Settings {
  /** The key prefix when {@code S3_KEY_PREFIX} is not set: {@value}. */
  static final String DEFAULT_KEY_PREFIX = "payloads";
  private static final List<String> NEED_BUCKET = List.of("S3_ENDPOINT", "S3_REGION", "S3_PATH_STYLE",
      "S3_KEY_PREFIX");

  private S3Settings() {}

  /**
   * A store builder from the variables, or empty when {@code S3_BUCKET} is not set. Each bad variable
   * is added to {@code problems}, by name and value (never a secret's value).
   */
  static Optional<S3PayloadStore.Builder> fromEnvironment(Map<String, String> env, List<String> problems) {
    String bucket = value(env, "S3_BUCKET");
    if (bucket == null) {
      NEED_BUCKET.stream().filter(name -> value(env, name) != null)
          .forEach(name -> problems.add(name + " is set, but S3_BUCKET is not: set S3_BUCKET to use S3"));
      return Optional.empty();
    }
    S3PayloadStore.Builder b = S3PayloadStore.builder();
    set(problems, "S3_BUCKET", bucket, () -> b.bucket(bucket));
    String prefix = Optional.ofNullable(value(env, "S3_KEY_PREFIX")).orElse(DEFAULT_KEY_PREFIX);
    set(problems, "S3_KEY_PREFIX", prefix, () -> b.keyPrefix(prefix));
    String endpoint = value(env, "S3_ENDPOINT");
    if (endpoint != null) {
      set(problems, "S3_ENDPOINT", endpoint, () -> b.endpointOverride(URI.create(endpoint)));
    }
    String region = value(env, "S3_REGION");
    if (region != null) {
      b.region(region);
    }
    String pathStyle = value(env, "S3_PATH_STYLE");
    if (pathStyle != null) {
      if (pathStyle.equalsIgnoreCase("true") || pathStyle.equalsIgnoreCase("false")) {
        b.pathStyleAccess(Boolean.parseBoolean(pathStyle));
      } else {
        problems.add("S3_PATH_STYLE='" + pathStyle + "': expected true or false");
      }
    }
    String accessKey = value(env, "AWS_ACCESS_KEY_ID");
    String secretKey = value(env, "AWS_SECRET_ACCESS_KEY");
    String sessionToken = value(env, "AWS_SESSION_TOKEN");
    if (accessKey != null && secretKey != null) {
      b.credentialsProvider(StaticCredentialsProvider.create(sessionToken == null
          ? AwsBasicCredentials.create(accessKey, secretKey)
          : AwsSessionCredentials.create(accessKey, secretKey, sessionToken)));
    } else if (accessKey != null || secretKey != null) {
      problems.add("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to use"
          + " the SDK's default credentials chain");
    }
    return Optional.of(b);
  }

  /** Where the store is, for the log: no credentials. */
  static String describe(Map<String, String> env) {
    String endpoint = value(env, "S3_ENDPOINT");
    return "bucket " + value(env, "S3_BUCKET") + " at " + (endpoint != null ? endpoint : "AWS S3");
  }

  private static void set(List<String> problems, String name, String raw, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      problems.add(name + "='" + raw + "': " + e.getMessage());
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
