package io.payloadoffload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Claims against an in-memory bucket that honours If-None-Match, or ignores it. */
class SweepClaimsTest {
  private static final Duration STALE = Duration.ofHours(1);
  private static final String ID = "txn_0123456789abcdef0123456789abcdef";

  @Test
  void oneNodeWinsAClaimUntilItReleasesIt() {
    Bucket bucket = new Bucket(true);
    SweepClaims nodeA = new SweepClaims(bucket, "b", new Keys("p/"), true, STALE);
    SweepClaims nodeB = new SweepClaims(bucket, "b", new Keys("p/"), true, STALE);

    assertThat(nodeA.claim(ID)).isEqualTo(SweepClaims.Claim.WON);
    assertThat(nodeB.claim(ID)).as("claim of the second node").isEqualTo(SweepClaims.Claim.LOST);
    assertThat(bucket.objects).as("a fresh claim stays").containsKey("p/claims/" + ID);
    nodeA.release(ID, SweepClaims.Claim.WON);
    assertThat(nodeB.claim(ID)).as("claim after the release").isEqualTo(SweepClaims.Claim.WON);
  }

  @Test
  void aClaimOlderThanTheGraceIsRemovedByTheNodeThatLosesToIt() {
    Bucket bucket = new Bucket(true);
    bucket.objects.put("p/claims/" + ID, Instant.now().minus(STALE).minusSeconds(60));
    SweepClaims node = new SweepClaims(bucket, "b", new Keys("p/"), true, STALE);

    assertThat(node.claim(ID)).isEqualTo(SweepClaims.Claim.LOST);
    assertThat(bucket.objects).as("the stale claim was removed").doesNotContainKey("p/claims/" + ID);
    assertThat(node.claim(ID)).as("the next sweep's claim").isEqualTo(SweepClaims.Claim.WON);
  }

  @Test
  void aConflictingWriteInFlightLosesTheClaim() {
    Bucket bucket = new Bucket(true);
    SweepClaims node = new SweepClaims(bucket, "b", new Keys("p/"), true, STALE);
    node.claim("txn_claimed_before_the_conflict"); // the probe runs on the first claim
    bucket.conflict = true;

    assertThat(node.claim(ID)).isEqualTo(SweepClaims.Claim.LOST);
  }

  @Test
  void aServerThatIgnoresTheHeaderIsFoundOutOnceAndClaimsNothing() {
    Bucket bucket = new Bucket(false);
    SweepClaims node = new SweepClaims(bucket, "b", new Keys("p/"), true, STALE);

    assertThat(node.claim(ID)).isEqualTo(SweepClaims.Claim.NONE);
    assertThat(node.claim(ID)).isEqualTo(SweepClaims.Claim.NONE);
    assertThat(bucket.puts).as("writes: the probe, twice, and no claim").hasSize(2);
    assertThat(bucket.objects).as("the probe was removed").isEmpty();
  }

  @Test
  void claimsSwitchedOffMakeNoRequest() {
    Bucket bucket = new Bucket(true);
    SweepClaims node = new SweepClaims(bucket, "b", new Keys("p/"), false, STALE);

    assertThat(node.claim(ID)).isEqualTo(SweepClaims.Claim.NONE);
    node.release(ID, SweepClaims.Claim.NONE);
    assertThat(bucket.puts).isEmpty();
  }

  /** Keys and their times of creation; PutObject honours If-None-Match: * when told to. */
  private static final class Bucket implements S3Client {
    final Map<String, Instant> objects = new ConcurrentHashMap<>();
    final List<String> puts = new CopyOnWriteArrayList<>();
    final boolean honoursIfNoneMatch;
    volatile boolean conflict;

    Bucket(boolean honoursIfNoneMatch) {
      this.honoursIfNoneMatch = honoursIfNoneMatch;
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
      puts.add(request.key());
      if (honoursIfNoneMatch && conflict) {
        throw failure(409, "ConditionalRequestConflict");
      }
      if (honoursIfNoneMatch && "*".equals(request.ifNoneMatch())
          && objects.putIfAbsent(request.key(), Instant.now()) != null) {
        throw failure(412, "PreconditionFailed");
      }
      objects.put(request.key(), objects.getOrDefault(request.key(), Instant.now()));
      return PutObjectResponse.builder().eTag("\"e\"").build();
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
      Instant created = objects.get(request.key());
      if (created == null) {
        throw failure(404, "NoSuchKey");
      }
      return HeadObjectResponse.builder().lastModified(created).build();
    }

    @Override
    public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
      objects.remove(request.key());
      return DeleteObjectResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {
      objects.clear();
    }

    private static S3Exception failure(int status, String code) {
      return (S3Exception) S3Exception.builder().statusCode(status).requestId("in-memory")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }
  }
}
