-- payload-offload PostgreSQL schema, version 1.
--
-- PostgresPayloadStore runs this file itself when built with createSchema(true) (the default),
-- inside one transaction holding an advisory lock, with ${schema} replaced by the configured schema
-- name (default payload_offload). Teams that manage DDL with Flyway or Liquibase can run it
-- unchanged: both substitute the ${schema} placeholder. Build the store with createSchema(false).
-- Every statement is idempotent, so running the file twice is harmless.

CREATE SCHEMA IF NOT EXISTS ${schema};

CREATE TABLE IF NOT EXISTS ${schema}.schema_version (
  version      integer     PRIMARY KEY,
  installed_at timestamptz NOT NULL DEFAULT now()
);

-- One header row per payload. Sizes and checksum describe the original and the stored
-- (compressed) bytes; chunk_count is the number of payload_chunks rows.
CREATE TABLE IF NOT EXISTS ${schema}.payloads (
  id                  text        PRIMARY KEY,
  session_id          text,
  tool_name           text,
  provider_name       text,
  content_type        text        NOT NULL,
  compression         text        NOT NULL,
  checksum            text,
  original_size_bytes bigint      NOT NULL,
  stored_size_bytes   bigint      NOT NULL,
  chunk_count         integer     NOT NULL,
  created_at          timestamptz NOT NULL,
  expires_at          timestamptz NOT NULL,
  metadata            jsonb       NOT NULL DEFAULT '{}'
);

-- The sweeper finds expired payloads through this index.
CREATE INDEX IF NOT EXISTS payloads_expires_at_idx ON ${schema}.payloads (expires_at);

-- The stored bytes, in chunks numbered from 0. Deleting a header deletes its chunks.
CREATE TABLE IF NOT EXISTS ${schema}.payload_chunks (
  payload_id text    NOT NULL REFERENCES ${schema}.payloads (id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  data       bytea   NOT NULL,
  PRIMARY KEY (payload_id, seq)
);

-- The bytes are compressed already: store them out of line without TOAST compression.
ALTER TABLE ${schema}.payload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

INSERT INTO ${schema}.schema_version (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
