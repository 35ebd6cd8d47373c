/**
 * Internal: the library's daemon threads, and the background pass that runs a checksum or a
 * compressor on another core while the caller is still producing the bytes.
 */
package io.payloadoffload.internal.concurrent;
