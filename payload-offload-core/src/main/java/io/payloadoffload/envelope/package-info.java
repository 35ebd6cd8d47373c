/**
 * The envelope that travels in place of an offloaded payload:
 * {@link io.payloadoffload.envelope.PayloadEnvelope}, its JSON form and its parser. The wire format is
 * language-neutral and versioned; {@code docs/envelope.md} specifies it.
 */
package io.payloadoffload.envelope;
