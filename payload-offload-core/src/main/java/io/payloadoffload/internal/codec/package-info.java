/** Internal: the gzip, zstd and none codecs, with output caps against decompression bombs. */
package io.payloadoffload.internal.codec;
