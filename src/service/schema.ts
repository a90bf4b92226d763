/**
 * The service's PostgreSQL schema (schema `dynamargin`). The append-only event log is the truth: an
 * event is acknowledged once its row is committed (one INSERT per batch of events). The book
 * (accounts, positions in order, collateral, the latest market snapshot, the policy state) and the
 * margin history are a checkpoint of the log up to `meta.checkpoint_seq`, written a moment later;
 * a restart loads the checkpoint and folds in the events after it. Numbers are float8 (IEEE
 * doubles, exact both ways) or JSON numbers (shortest round-trip text, exact too); documents are
 * JSON text. `SCHEMA_VERSION` (meta.version) changes with the layout.
 */
/** The layout's version, kept in meta.version: a database of another one is refused. */
export const SCHEMA_VERSION = '2';

export const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS dynamargin;
CREATE TABLE IF NOT EXISTS dynamargin.meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS dynamargin.instruments (
  ord integer PRIMARY KEY,
  id text NOT NULL UNIQUE,
  spec text NOT NULL
);
-- an account's holdings as of the checkpoint: positions [{instrument, quantity}] in order and
-- collateral {asset: amount}, one row per account (a checkpoint rewrites one row, not one per
-- position); the positions and collateral views below give them as rows
CREATE TABLE IF NOT EXISTS dynamargin.accounts (
  ord integer PRIMARY KEY,
  id text NOT NULL UNIQUE,
  positions json NOT NULL,
  collateral json NOT NULL
);
CREATE OR REPLACE VIEW dynamargin.positions AS
  SELECT a.id AS account_id, (p.ord - 1)::integer AS ord, p.value->>'instrument' AS instrument, (p.value->>'quantity')::float8 AS quantity
  FROM dynamargin.accounts a CROSS JOIN LATERAL json_array_elements(a.positions) WITH ORDINALITY AS p(value, ord);
CREATE OR REPLACE VIEW dynamargin.collateral AS
  SELECT a.id AS account_id, c.key AS asset, c.value::float8 AS amount
  FROM dynamargin.accounts a CROSS JOIN LATERAL json_each_text(a.collateral) AS c(key, value);
CREATE TABLE IF NOT EXISTS dynamargin.market_snapshots (
  seq bigint PRIMARY KEY,
  as_of text NOT NULL,
  market text NOT NULL
);
CREATE TABLE IF NOT EXISTS dynamargin.policy_state (
  account_id text PRIMARY KEY REFERENCES dynamargin.accounts (id),
  state text NOT NULL
);
CREATE TABLE IF NOT EXISTS dynamargin.margin_history (
  seq bigint NOT NULL,
  account_id text NOT NULL,
  initial_margin_usd float8 NOT NULL,
  maintenance_margin_usd float8 NOT NULL,
  equity_usd float8 NOT NULL,
  status text NOT NULL,
  PRIMARY KEY (seq, account_id)
);
CREATE TABLE IF NOT EXISTS dynamargin.events (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  body text NOT NULL,
  margins text NOT NULL
);
-- sharded service: the JetStream stream sequence of the message each event applied; unique, so
-- no message is ever applied twice
ALTER TABLE dynamargin.events ADD COLUMN IF NOT EXISTS stream_seq bigint;
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_seq ON dynamargin.events (stream_seq);
CREATE OR REPLACE RULE events_append_only_update AS ON UPDATE TO dynamargin.events DO INSTEAD NOTHING;
CREATE OR REPLACE RULE events_append_only_delete AS ON DELETE TO dynamargin.events DO INSTEAD NOTHING;

`;
