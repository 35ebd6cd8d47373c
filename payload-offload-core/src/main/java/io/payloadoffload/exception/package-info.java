/**
 * The exceptions of payload-offload: one unchecked hierarchy under
 * {@link io.payloadoffload.exception.PayloadOffloadException}.
 *
 * <p>They live in a package of their own, which depends on no other package of the library, so that
 * the offloader, the envelope parser and the store SPI can all throw them without the public
 * packages depending on each other in a circle. Catch {@code PayloadOffloadException} to handle every
 * failure of the library at once, or a subclass to handle one kind.
 */
package io.payloadoffload.exception;
