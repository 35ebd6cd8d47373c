/**
 * Internal: helpers shared by the stream wrappers, and {@link io.payloadoffload.internal.io.ArrayReadStream},
 * the base class through which every one of them reads.
 */
package io.payloadoffload.internal.io;
