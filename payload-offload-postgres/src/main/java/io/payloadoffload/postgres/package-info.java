/**
 * A PostgreSQL {@link io.payloadoffload.spi.PayloadStore}:
 * {@link io.payloadoffload.postgres.PostgresPayloadStore}, which stores each payload as a row and its
 * bytes in chunks, over a pooled or given {@code DataSource}. {@code docs/postgres.md} describes the
 * schema and operations.
 */
package io.payloadoffload.postgres;
