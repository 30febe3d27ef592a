# The built-in key/value table BLOCKDB.KV(KEY VARCHAR NOT NULL PRIMARY KEY, VAL VARCHAR,
# VAL_BYTES VARBINARY): VAL is the value as UTF-8 text, VAL_BYTES the raw bytes.

SELECT * FROM KV;
KEY | VAL | VAL_BYTES
!ok
!columns KEY VARCHAR NOT NULL | VAL VARCHAR | VAL_BYTES VARBINARY

INSERT INTO KV (KEY, VAL) VALUES ('greeting', 'hello');
!update 1

INSERT INTO KV (KEY, VAL_BYTES) VALUES ('raw', X'00ff10');
!update 1

# Bytes that are valid UTF-8 read back as text too.
INSERT INTO KV (KEY, VAL_BYTES) VALUES ('utf8', X'c3a9');
!update 1

INSERT INTO BLOCKDB.KV (KEY, VAL) VALUES ('empty', ''), ('unicode', 'héllo wörld'), ('multi', 'a
b');
!update 3

SELECT KEY, VAL, VAL_BYTES FROM KV WHERE KEY = 'greeting';
KEY | VAL | VAL_BYTES
greeting | hello | 68656c6c6f
!ok

SELECT KEY, VAL_BYTES FROM KV WHERE KEY = 'raw';
KEY | VAL_BYTES
raw | 00ff10
!ok

SELECT VAL, VAL_BYTES FROM KV WHERE KEY = 'utf8';
VAL | VAL_BYTES
é | c3a9
!ok

SELECT KEY, VAL, VAL_BYTES FROM KV WHERE KEY IN ('empty', 'unicode', 'multi') ORDER BY KEY;
KEY | VAL | VAL_BYTES
empty | '' | ''
multi | 'a\nb' | 610a62
unicode | héllo wörld | 68c3a96c6c6f2077c3b6726c64
!ok

SELECT KEY FROM KV ORDER BY KEY;
KEY
empty
greeting
multi
raw
unicode
utf8
!ok

SELECT KEY FROM KV WHERE KEY >= 'r' AND KEY < 'u' ORDER BY KEY;
KEY
raw
!ok

SELECT KEY FROM KV WHERE KEY LIKE 'u%' ORDER BY KEY;
KEY
unicode
utf8
!ok

SELECT COUNT(*) AS N FROM KV WHERE KEY = 'absent';
N
0
!ok

SELECT KEY, CHAR_LENGTH(VAL) AS CHARS, OCTET_LENGTH(VAL_BYTES) AS BYTES FROM KV WHERE KEY = 'unicode';
KEY | CHARS | BYTES
unicode | 11 | 13
!ok

# System columns exist on KV too, hidden from SELECT *.
SELECT KEY, LEDGER_PRINCIPAL, LEDGER_SEQ IS NOT NULL AS HAS_SEQ FROM KV WHERE KEY = 'greeting';
KEY | LEDGER_PRINCIPAL | HAS_SEQ
greeting | local | TRUE
!ok

SELECT * FROM KV WHERE KEY = 'greeting';
KEY | VAL | VAL_BYTES
greeting | hello | 68656c6c6f
!ok

# KV joins with SQL tables like any table.
CREATE TABLE LABELS (KEY VARCHAR(10) PRIMARY KEY, LABEL VARCHAR(10));
!update 0

INSERT INTO LABELS VALUES ('greeting', 'text'), ('raw', 'binary'), ('nothing', 'none');
!update 3

SELECT L.LABEL, K.VAL_BYTES FROM LABELS L JOIN KV K ON K.KEY = L.KEY ORDER BY L.LABEL;
LABEL | VAL_BYTES
binary | 00ff10
text | 68656c6c6f
!ok

INSERT INTO KV (KEY, VAL) SELECT 'copy-' || KEY, LABEL FROM LABELS WHERE KEY <> 'nothing';
!update 2

SELECT KEY, VAL FROM KV WHERE KEY LIKE 'copy-%' ORDER BY KEY;
KEY | VAL
copy-greeting | text
copy-raw | binary
!ok

# --- errors -----------------------------------------------------------------------------------

INSERT INTO KV (KEY, VAL) VALUES ('greeting', 'again');
!error 23505 1 greeting

INSERT INTO KV (KEY, VAL_BYTES) VALUES ('raw', X'01');
!error 23505 1 raw

INSERT INTO KV (KEY, VAL) VALUES (NULL, 'x');
!error 23502 106 KEY

# Both forms of the value at once: refused.
INSERT INTO KV (KEY, VAL, VAL_BYTES) VALUES ('both', 'text', X'01');
!error 22023 VAL_BYTES

INSERT INTO KV (KEY, VALUE) VALUES ('reserved', 'x');
!error 42000 102

INSERT INTO KV (KEY, NOPE) VALUES ('unknown', 'x');
!error 42S22 103 NOPE

INSERT INTO KV (KEY, VAL, LEDGER_PRINCIPAL) VALUES ('spoof', 'x', 'mallory');
!error 428C9 110 LEDGER_PRINCIPAL

SELECT COUNT(*) AS N FROM KV WHERE KEY IN ('both', 'reserved', 'unknown', 'spoof');
N
0
!ok

SELECT VAL FROM KV WHERE KEY = 'greeting';
VAL
hello
!ok

# --- prepared statements: text and bytes ------------------------------------------------------

!prepare INSERT INTO KV (KEY, VAL_BYTES) VALUES (?, ?);
!bind 'p1', X'0102'
!addBatch
!bind 'p2', X''
!addBatch
!executeBatch
!update 1 1

!prepare INSERT INTO KV (KEY, VAL) VALUES (?, ?);
!bind 'p3', 'three'
!execute
!update 1

!prepare SELECT VAL, VAL_BYTES FROM KV WHERE KEY = ?;
!bind 'p1'
!execute
VAL | VAL_BYTES
!ok-any
!types VARCHAR | VARBINARY

!bind 'p3'
!execute
VAL | VAL_BYTES
three | 7468726565
!ok

!bind 'p2'
!execute
VAL | VAL_BYTES
'' | ''
!ok

!bind 'absent'
!execute
VAL | VAL_BYTES
!ok
