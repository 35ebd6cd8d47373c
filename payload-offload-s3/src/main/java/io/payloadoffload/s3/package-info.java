/**
 * {@link io.payloadoffload.s3.S3PayloadStore}: a {@link io.payloadoffload.spi.PayloadStore} on Amazon
 * S3 and S3-compatible object stores (MinIO, Cloudflare R2, Ceph RGW), on the AWS SDK for Java v2,
 * with its builder and the {@link io.payloadoffload.s3.S3PayloadStore.UploadChecksum} setting. Everything else of the
 * module is in {@code io.payloadoffload.s3.internal} and may change in any release.
 */
package io.payloadoffload.s3;
