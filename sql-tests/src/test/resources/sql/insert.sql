# INSERT: VALUES with one and many rows, column lists, INSERT ... SELECT, atomicity, and the
# value errors: 23505/1 duplicate key, 23502/106 NULL into NOT NULL, 22001/107 too long,
# 22003/108 out of range, 42821/105 type mismatch, 42S02/42S22 unknown table/column.

CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME VARCHAR(8) NOT NULL, QTY INTEGER, PRICE DECIMAL(5,2),
  CODE CHAR(3), BYT VARBINARY(4));
!update 0

INSERT INTO ITEMS VALUES (1, 'one', 10, 1.50, 'abc', X'01');
!update 1

INSERT INTO ITEMS (ID, NAME) VALUES (2, 'two');
!update 1

# A column list in another order.
INSERT INTO ITEMS (PRICE, NAME, ID) VALUES (3.25, 'three', 3);
!update 1

INSERT INTO ITEMS (ID, NAME, QTY) VALUES (4, 'four', 40), (5, 'five', 50), (6, 'six', 60);
!update 3

# Strings of different lengths in one VALUES list keep their own lengths (no padding to the longest).
INSERT INTO ITEMS (ID, NAME) VALUES (7, 'a'), (8, 'bbbbbbbb'), (9, 'cc');
!update 3

# Values exactly at the limits: 8 characters, DECIMAL(5,2) at 999.99, 4 bytes, INTEGER extremes.
INSERT INTO ITEMS VALUES (10, 'eight_ch', 2147483647, 999.99, 'xyz', X'ffffffff'),
  (-2147483648, 'min', -2147483648, -999.99, NULL, X'');
!update 2

SELECT ID, NAME, QTY, PRICE, CODE, BYT FROM ITEMS ORDER BY ID;
ID | NAME | QTY | PRICE | CODE | BYT
-2147483648 | min | -2147483648 | -999.99 | NULL | ''
1 | one | 10 | 1.50 | abc | 01
2 | two | NULL | NULL | NULL | NULL
3 | three | NULL | 3.25 | NULL | NULL
4 | four | 40 | NULL | NULL | NULL
5 | five | 50 | NULL | NULL | NULL
6 | six | 60 | NULL | NULL | NULL
7 | a | NULL | NULL | NULL | NULL
8 | bbbbbbbb | NULL | NULL | NULL | NULL
9 | cc | NULL | NULL | NULL | NULL
10 | eight_ch | 2147483647 | 999.99 | xyz | ffffffff
!ok

SELECT ID, CHAR_LENGTH(NAME) AS LEN FROM ITEMS WHERE ID IN (7, 8, 9) ORDER BY ID;
ID | LEN
7 | 1
8 | 8
9 | 2
!ok

# --- INSERT ... SELECT -------------------------------------------------------------------------

CREATE TABLE ITEM_COPY (ID INTEGER PRIMARY KEY, NAME VARCHAR(8) NOT NULL, QTY INTEGER);
!update 0

INSERT INTO ITEM_COPY SELECT ID, NAME, QTY FROM ITEMS WHERE QTY >= 40 AND ID < 100;
!update 4

INSERT INTO ITEM_COPY (ID, NAME) SELECT ID + 100, UPPER(NAME) FROM ITEMS WHERE ID BETWEEN 1 AND 2;
!update 2

SELECT * FROM ITEM_COPY ORDER BY ID;
ID | NAME | QTY
4 | four | 40
5 | five | 50
6 | six | 60
10 | eight_ch | 2147483647
101 | ONE | NULL
102 | TWO | NULL
!ok

# A SELECT that yields nothing inserts nothing.
INSERT INTO ITEM_COPY SELECT ID, NAME, QTY FROM ITEMS WHERE ID > 1000;
!update 0

# --- duplicate keys: 23505, the message names the table and key, and nothing is written -----

INSERT INTO ITEMS (ID, NAME) VALUES (1, 'again');
!error 23505 1 ITEMS

INSERT INTO ITEMS (ID, NAME) VALUES (4242, 'new');
!update 1

INSERT INTO ITEMS (ID, NAME) VALUES (4242, 'again');
!error 23505 1 4242

# A multi-row INSERT hitting one existing key writes none of its rows.
INSERT INTO ITEMS (ID, NAME) VALUES (20, 'twenty'), (1, 'dup'), (21, 'twenty1');
!error 23505 1 ITEMS

# A multi-row INSERT repeating a key within itself writes none of its rows.
INSERT INTO ITEMS (ID, NAME) VALUES (22, 'x'), (23, 'y'), (22, 'z');
!error 23505 1 22

# INSERT ... SELECT hitting existing keys writes nothing either.
INSERT INTO ITEM_COPY (ID, NAME) SELECT ID, NAME FROM ITEMS WHERE ID IN (3, 4);
!error 23505 1 ITEM_COPY

SELECT ID, NAME FROM ITEMS WHERE ID BETWEEN 20 AND 23 OR ID = 1 OR ID = 4242 ORDER BY ID;
ID | NAME
1 | one
4242 | new
!ok

SELECT ID FROM ITEM_COPY WHERE ID = 3;
ID
!ok

# --- NULL into NOT NULL: 23502 ----------------------------------------------------------------

INSERT INTO ITEMS (ID, NAME) VALUES (30, NULL);
!error 23502 106 NAME

# A NOT NULL column left out of the column list is NULL too.
INSERT INTO ITEMS (ID, QTY) VALUES (31, 1);
!error 23502 106 NAME

# A primary key column is NOT NULL.
INSERT INTO ITEMS (ID, NAME) VALUES (NULL, 'nokey');
!error 23502 106 ID

# One bad row spoils the whole statement.
INSERT INTO ITEMS (ID, NAME) VALUES (32, 'ok'), (33, NULL);
!error 23502 106

# --- too long: 22001; out of range: 22003 -----------------------------------------------------

INSERT INTO ITEMS (ID, NAME) VALUES (40, 'ninechars');
!error 22001 107 NAME

INSERT INTO ITEMS (ID, NAME, CODE) VALUES (41, 'x', 'abcd');
!error 22001 107 CODE

INSERT INTO ITEMS (ID, NAME, BYT) VALUES (42, 'x', X'0102030405');
!error 22001 107 BYT

INSERT INTO ITEMS (ID, NAME, QTY) VALUES (43, 'x', 2147483648);
!error 22003 108 QTY

INSERT INTO ITEMS (ID, NAME) VALUES (-2147483649, 'x');
!error 22003 108

INSERT INTO ITEMS (ID, NAME, PRICE) VALUES (44, 'x', 1000.00);
!error 22003 108 PRICE

INSERT INTO ITEMS (ID, NAME, PRICE) VALUES (45, 'x', -1000);
!error 22003 108 PRICE

SELECT COUNT(*) AS N FROM ITEMS WHERE ID BETWEEN 30 AND 45 OR ID < -2147483647;
N
1
!ok

# --- wrong types: 42821 -----------------------------------------------------------------------

INSERT INTO ITEMS (ID, NAME) VALUES (TRUE, 'x');
!error 42821 105

INSERT INTO ITEMS (ID, NAME, QTY) VALUES (50, 'x', DATE '2024-01-01');
!error 42821 105

# A VARCHAR expression into an INTEGER column: Calcite converts it implicitly, so a value that is
# not a number fails when it is converted (22018), and nothing is written.
INSERT INTO ITEM_COPY (ID, NAME) SELECT NAME, NAME FROM ITEMS WHERE ID = 1;
!error 22018 105

INSERT INTO ITEMS (ID, NAME, BYT) VALUES (51, 'x', 12);
!error 42821 105

# --- wrong shape (21S01: the value list does not match the column list), unknown objects ------------------------------------------------------------

INSERT INTO ITEMS VALUES (60, 'x');
!error 21S01 110

INSERT INTO ITEMS (ID, NAME) VALUES (61, 'x', 1);
!error 21S01 110

INSERT INTO NO_SUCH_TABLE VALUES (1);
!error 42S02 103 NO_SUCH_TABLE

INSERT INTO ITEMS (ID, NAME, NO_SUCH_COLUMN) VALUES (62, 'x', 1);
!error 42S22 103 NO_SUCH_COLUMN

# --- system columns are read-only (428C9: a generated column) -------------------------------------------------------------

INSERT INTO ITEMS (ID, NAME, LEDGER_SEQ) VALUES (70, 'x', 1);
!error 428C9 110 LEDGER_SEQ

INSERT INTO ITEMS (ID, NAME, LEDGER_BLOCK) VALUES (71, 'x', 1);
!error 428C9 110 LEDGER_BLOCK

INSERT INTO ITEMS (ID, NAME, LEDGER_TS) VALUES (72, 'x', TIMESTAMP '2024-01-01 00:00:00');
!error 428C9 110 LEDGER_TS

INSERT INTO ITEMS (ID, NAME, LEDGER_PRINCIPAL) VALUES (73, 'x', 'mallory');
!error 428C9 110 LEDGER_PRINCIPAL

# None of the failed statements wrote anything.
SELECT COUNT(*) AS N FROM ITEMS;
N
12
!ok

SELECT COUNT(*) AS N FROM ITEM_COPY;
N
6
!ok

# A fresh connection sees every committed row.
!connect
SELECT COUNT(*) AS N, MIN(ID) AS LO, MAX(ID) AS HI FROM ITEMS;
N | LO | HI
12 | -2147483648 | 4242
!ok
