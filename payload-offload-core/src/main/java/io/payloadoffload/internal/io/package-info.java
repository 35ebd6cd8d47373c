/** Internal: helpers shared by the stream wrappers. */
package io.payloadoffload.internal.io;
