/** Internal: URL parsing, schema, chunk reads and writes, SQL error mapping and statement timeouts. */
package io.payloadoffload.postgres.internal;
