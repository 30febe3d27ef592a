# Runner self-test against H2: every check here holds.
CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(10) NOT NULL, PRICE DECIMAL(8,2), BIN VARBINARY(4));
!update 0

INSERT INTO T VALUES (1, 'a', 1.50, X'00ff'), (2, 'b b', NULL, NULL), (3, '', 0.00, X'');
!update 3

SELECT ID, NAME, PRICE, BIN FROM T ORDER BY ID;
ID | NAME | PRICE | BIN
1 | a | 1.50 | 00ff
2 | b b | NULL | NULL
3 | '' | 0.00 | ''
!ok
!types INTEGER | VARCHAR | DECIMAL | VARBINARY
!columns ID INTEGER NOT NULL | NAME VARCHAR(10) NOT NULL | PRICE DECIMAL(8,2) | BIN VARBINARY

-- unordered comparison sorts both sides
SELECT NAME FROM T;
NAME
b b
''
a
!unordered

SELECT COUNT(*) AS N, CURRENT_TIMESTAMP AS NOW FROM T;
!ok-any

SELECT COUNT(*) AS N, CURRENT_TIMESTAMP AS NOW FROM T;
N | NOW
!ok-any

INSERT INTO T VALUES (1, 'dup', NULL, NULL);
!error 23505 23505 primary key

SELEC 1;
!error 42001

INSERT INTO T
  VALUES (4, 'd', NULL, NULL);
!update 1

!prepare INSERT INTO T (ID, NAME) VALUES (?, ?);
!bind 5, 'e, comma'
!addBatch
!bind 6, 'it''s'
!addBatch
!executeBatch
!update 1 1

!bind 7, 'g'
!addBatch
!bind 1, 'dup'
!addBatch
!executeBatch
!error 23505 23505

!prepare SELECT NAME FROM T WHERE ID = ?;
!bind 6
!execute
NAME
it's
!ok

!bind 'not a number'
!execute
!error 22018

# A statement that fails to prepare fails every execution, and its binds are not reported.
!prepare SELECT NOPE FROM T WHERE ID = ?;
!bind 1
!execute
!error 42S22
!bind 2
!execute
!error 42S22

# H2 keeps the batch rows before the failing one (BlockDB must not): 5, 6 and 7.
!connect
SELECT COUNT(*) AS N FROM T WHERE ID >= 5;
N
3
!ok

SELECT CAST(NULL AS VARCHAR(5)) AS N, 'NULL' AS S, ' x' AS P, TRUE AS B, DATE '2024-02-29' AS D,
  TIME '12:34:56' AS TM, TIMESTAMP '2024-02-29 01:02:03.25' AS TS, CAST(1.5 AS DOUBLE) AS DBL;
N | S | P | B | D | TM | TS | DBL
NULL | 'NULL' | ' x' | TRUE | 2024-02-29 | 12:34:56 | 2024-02-29 01:02:03.25 | 1.5
!ok
