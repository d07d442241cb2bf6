"""paper-archive: turn daily-paper digests into a browsable static archive."""
