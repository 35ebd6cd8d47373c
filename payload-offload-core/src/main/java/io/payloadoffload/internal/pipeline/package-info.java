/**
 * Internal: the offload and resolve pipelines' parts: JSON serialisation, the compressing pump and
 * two-phase put body, stored-byte reads, transaction ids and listener fan-out.
 */
package io.payloadoffload.internal.pipeline;
