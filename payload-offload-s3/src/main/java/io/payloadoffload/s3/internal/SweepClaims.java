package io.payloadoffload.s3.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Claims of sweeping nodes on expired payloads, so that across nodes each payload is deleted and
 * counted by one. A node claims a payload by creating {@code <prefix>claims/<id>} with
 * {@code If-None-Match: *}: on a server that honours it only one writer succeeds, the others get 412
 * (or 409 while a conflicting write is in flight). The winner reads the record again (a node that read
 * it before another node finished may claim after that node released its claim: it then finds no
 * record), deletes the payload, then its claim.
 *
 * <p>Whether the server honours the header is found out once, on first use: a probe object is created
 * twice with the header, and a server that accepts the second write ignores it (s3proxy 2.6.0 does).
 * Then, or when claims are switched off, {@link #claim} returns {@link Claim#NONE} and the count across
 * nodes is at least one and at most the number of nodes per payload. A claim older than
 * {@code staleAfter} is a node that died mid-delete: the next node that finds it removes it, and the
 * sweep after that one claims the payload. Thread-safe; one instance per store.
 */
public final class SweepClaims {
  private static final Logger LOG = LoggerFactory.getLogger(SweepClaims.class);

  private final S3Client s3;
  private final String bucket;
  private final Keys keys;
  private final Duration staleAfter;
  private final AtomicReference<Support> support;

  /** What a claim gave. */
  public enum Claim {
    /** This node holds the payload's claim: it deletes the payload, then {@link #release}s it. */
    WON,
    /** Another node holds it: this node leaves the payload alone and does not count it. */
    LOST,
    /** No claims (switched off, or the server ignores conditional writes): delete and count. */
    NONE
  }

  private enum Support { UNKNOWN, HONOURED, IGNORED }

  /**
   * Claims on one store's prefix.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param keys the store's keys
   * @param enabled whether to claim at all; {@code false} makes every claim {@link Claim#NONE}
   * @param staleAfter how old a claim must be to count as left by a node that died
   */
  public SweepClaims(S3Client s3, String bucket, Keys keys, boolean enabled, Duration staleAfter) {
    this.s3 = s3;
    this.bucket = bucket;
    this.keys = keys;
    this.staleAfter = staleAfter;
    this.support = new AtomicReference<>(enabled ? Support.UNKNOWN : Support.IGNORED);
  }

  /**
   * Claims a payload for this node.
   *
   * @param id the payload id
   * @return whether this node may delete and count it
   * @throws SdkException if the claim or the probe failed otherwise than by a lost race
   */
  public Claim claim(String id) {
    if (!honoured()) {
      return Claim.NONE;
    }
    String key = keys.claim(id);
    if (createIfAbsent(key)) {
      return Claim.WON;
    }
    removeIfStale(key);
    return Claim.LOST;
  }

  /**
   * Gives a claim up once its payload is deleted (or was found gone).
   *
   * @param id the payload id
   * @param claim what {@link #claim} returned
   * @throws SdkException if the claim could not be deleted
   */
  public void release(String id, Claim claim) {
    if (claim == Claim.WON) {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(keys.claim(id)).build());
    }
  }

  private boolean honoured() {
    Support known = support.get();
    if (known != Support.UNKNOWN) {
      return known == Support.HONOURED;
    }
    String probe = keys.claimRoot() + "probe-" + UUID.randomUUID();
    Support found;
    try {
      found = createIfAbsent(probe) && !createIfAbsent(probe) ? Support.HONOURED : Support.IGNORED;
    } catch (AwsServiceException e) {
      if (e.statusCode() != 400 && e.statusCode() != 501) {
        throw e;
      }
      found = Support.IGNORED; // a server that refuses the header outright
    } finally {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(probe).build());
    }
    if (support.compareAndSet(Support.UNKNOWN, found) && found == Support.IGNORED) {
      LOG.info("Bucket {} ignores If-None-Match on PutObject: sweeps on several nodes may count a payload"
          + " more than once (each is still deleted once it expired)", bucket);
    }
    return found == Support.HONOURED;
  }

  /** Creates an empty object unless one exists; {@code false} if one did (412) or a write raced (409). */
  private boolean createIfAbsent(String key) {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*").build(),
          RequestBody.empty());
      return true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private void removeIfStale(String key) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return; // released meanwhile
      }
      throw e;
    }
    Instant created = head.lastModified();
    if (created != null && created.plus(staleAfter).isBefore(Instant.now())) {
      LOG.info("Removing the claim {} in bucket {}: its node has not released it for {}", key, bucket, staleAfter);
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    }
  }
}
