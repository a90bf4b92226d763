/**
 * The service's PostgreSQL schema (schema `dynamargin`). The append-only event log is the truth: an
 * event is acknowledged once its row is committed (one INSERT per batch of events). The book
 * (accounts, positions in order, collateral, the latest market snapshot, the policy state) and the
 * margin history are a checkpoint of the log up to `meta.checkpoint_seq`, written a moment later;
 * a restart loads the checkpoint and folds in the events after it. Numbers are float8 (IEEE
 * doubles, exact both ways); documents are JSON text.
 */
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
CREATE TABLE IF NOT EXISTS dynamargin.accounts (
  ord integer PRIMARY KEY,
  id text NOT NULL UNIQUE,
  last_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dynamargin.positions (
  account_id text NOT NULL REFERENCES dynamargin.accounts (id),
  ord integer NOT NULL,
  instrument text NOT NULL REFERENCES dynamargin.instruments (id),
  quantity float8 NOT NULL,
  PRIMARY KEY (account_id, ord)
);
CREATE TABLE IF NOT EXISTS dynamargin.collateral (
  account_id text NOT NULL REFERENCES dynamargin.accounts (id),
  asset text NOT NULL,
  amount float8 NOT NULL,
  PRIMARY KEY (account_id, asset)
);
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
