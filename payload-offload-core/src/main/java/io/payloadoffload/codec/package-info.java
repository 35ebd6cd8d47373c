/**
 * The compression and checksum settings a payload is stored with:
 * {@link io.payloadoffload.codec.Compression} and {@link io.payloadoffload.codec.ChecksumAlgorithm}.
 * They are configuration values and envelope fields, not extension points: the codecs that implement
 * them are internal.
 */
package io.payloadoffload.codec;
