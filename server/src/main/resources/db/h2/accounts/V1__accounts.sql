-- Parley accounts, version 1 (H2). Credentials are salted SCRAM keys (RFC 5802, RFC 7677), never a password.
CREATE TABLE IF NOT EXISTS account (
  username VARCHAR(1023) PRIMARY KEY,
  salt VARCHAR(64) NOT NULL,
  iterations INT NOT NULL,
  sha1_stored_key VARCHAR(64) NOT NULL,
  sha1_server_key VARCHAR(64) NOT NULL,
  sha256_stored_key VARCHAR(64) NOT NULL,
  sha256_server_key VARCHAR(64) NOT NULL,
  created TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP);

-- Private XML storage (XEP-0049): one fragment per qualified name of its root, removed with the account.
CREATE TABLE IF NOT EXISTS private_xml (
  username VARCHAR(1023) NOT NULL REFERENCES account(username) ON DELETE CASCADE,
  namespace VARCHAR(1023) NOT NULL,
  name VARCHAR(1023) NOT NULL,
  xml CLOB NOT NULL,
  PRIMARY KEY (username, namespace, name));
