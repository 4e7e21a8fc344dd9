-- pgkeeper stand-in for wal2json (https://github.com/eulerto/wal2json): a logical decoding output
-- plugin, which has no SQL objects. Replication slots using it cannot be created on this server.
SELECT 1;
