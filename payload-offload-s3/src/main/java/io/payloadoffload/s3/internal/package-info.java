/**
 * The S3 store's internals: key layout, record and single-object formats, uploads, read streams,
 * sweep claims, the async client bridge and error translation. Not an API: anything here may change
 * in any release, and no type of it appears in a public signature.
 */
package io.payloadoffload.s3.internal;
