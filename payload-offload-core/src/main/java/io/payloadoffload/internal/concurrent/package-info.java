/**
 * Internal: the library's daemon threads.
 */
package io.payloadoffload.internal.concurrent;
