# PreparedStatement: parameters of every type, point SELECTs by primary key (the driver's fast
# path), batches, and their errors: a batch hitting a duplicate key throws BatchUpdateException
# 23505 and writes nothing; a value that cannot convert is 22018.

CREATE TABLE P (ID INTEGER PRIMARY KEY, NAME VARCHAR(8) NOT NULL, BIG BIGINT, AMOUNT DECIMAL(8,2),
  RATIO DOUBLE, FLAG BOOLEAN, ON_DAY DATE, AT_TIME TIME, STAMP TIMESTAMP, BIN VARBINARY(4), CODE CHAR(2));
!update 0

!prepare INSERT INTO P (ID, NAME, BIG, AMOUNT, RATIO, FLAG, ON_DAY, AT_TIME, STAMP, BIN, CODE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
!bind 1, 'one', 9000000000, 12.50, 0.25D, TRUE, DATE '2024-02-29', TIME '08:30:00', TIMESTAMP '2024-02-29 08:30:00', X'cafe', 'ab'
!execute
!update 1

!bind 2, 'two', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
!execute
!update 1

# Parameters keep their values between executions; rebinding the key is enough.
!bind 3, 'three', -1L, -0.01, -1e10, FALSE, DATE '1969-12-31', TIME '23:59:59', TIMESTAMP '1969-12-31 23:59:59', X'', 'zz'
!execute
!update 1

SELECT * FROM P ORDER BY ID;
ID | NAME | BIG | AMOUNT | RATIO | FLAG | ON_DAY | AT_TIME | STAMP | BIN | CODE
1 | one | 9000000000 | 12.50 | 0.25 | TRUE | 2024-02-29 | 08:30:00 | 2024-02-29 08:30:00 | cafe | ab
2 | two | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL
3 | three | -1 | -0.01 | -1.0E10 | FALSE | 1969-12-31 | 23:59:59 | 1969-12-31 23:59:59 | '' | zz
!ok

# --- point SELECTs by key ---------------------------------------------------------------------

!prepare SELECT NAME, AMOUNT FROM P WHERE ID = ?;
!bind 1
!execute
NAME | AMOUNT
one | 12.50
!ok
!columns NAME VARCHAR(8) NOT NULL | AMOUNT DECIMAL(8,2)

!bind 3
!execute
NAME | AMOUNT
three | -0.01
!ok

!bind 99
!execute
NAME | AMOUNT
!ok

!bind NULL
!execute
NAME | AMOUNT
!ok

!prepare SELECT * FROM P WHERE ID = ?;
!bind 2
!execute
ID | NAME | BIG | AMOUNT | RATIO | FLAG | ON_DAY | AT_TIME | STAMP | BIN | CODE
2 | two | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL
!ok
!types INTEGER | VARCHAR | BIGINT | DECIMAL | DOUBLE | BOOLEAN | DATE | TIME | TIMESTAMP | VARBINARY | CHAR

# Parameters in other positions and ranges.
!prepare SELECT ID FROM P WHERE ID > ? AND NAME <> ? ORDER BY ID;
!bind 1, 'three'
!execute
ID
2
!ok

!prepare SELECT COUNT(*) AS N FROM P WHERE ID BETWEEN ? AND ?;
!bind 1, 2
!execute
N
2
!ok

CREATE TABLE PK2 (A VARCHAR(5), B BIGINT, V VARCHAR(5), PRIMARY KEY (A, B));
!update 0

!prepare INSERT INTO PK2 (A, B, V) VALUES (?, ?, ?);
!bind 'a', 1L, 'a1'
!addBatch
!bind 'a', 2L, 'a2'
!addBatch
!bind 'ab', 1L, 'ab1'
!addBatch
!executeBatch
!update 1 1 1

!prepare SELECT V FROM PK2 WHERE A = ? AND B = ?;
!bind 'a', 2L
!execute
V
a2
!ok

!bind 'ab', 1
!execute
V
ab1
!ok

!bind 'a', 3L
!execute
V
!ok

!prepare SELECT V FROM PK2 WHERE B = ? AND A = ?;
!bind 1L, 'a'
!execute
V
a1
!ok

!prepare SELECT V FROM PK2 WHERE A = ? ORDER BY B;
!bind 'a'
!execute
V
a1
a2
!ok

# --- batches ----------------------------------------------------------------------------------

CREATE TABLE B (ID INTEGER PRIMARY KEY, NAME VARCHAR(5) NOT NULL);
!update 0

!prepare INSERT INTO B (ID, NAME) VALUES (?, ?);
!bind 1, 'a'
!addBatch
!bind 2, 'b'
!addBatch
!bind 3, 'c'
!addBatch
!executeBatch
!update 1 1 1

# An empty batch does nothing.
!executeBatch
!update

# A batch with a key that exists: BatchUpdateException 23505, and none of its rows written.
!bind 10, 'x'
!addBatch
!bind 2, 'dup'
!addBatch
!bind 11, 'y'
!addBatch
!executeBatch
!error 23505 1 B

# A batch repeating a key within itself: the same.
!bind 20, 'x'
!addBatch
!bind 20, 'again'
!addBatch
!executeBatch
!error 23505 1 20

SELECT ID, NAME FROM B ORDER BY ID;
ID | NAME
1 | a
2 | b
3 | c
!ok

# The statement is usable after a failed batch.
!bind 4, 'd'
!addBatch
!executeBatch
!update 1

# NULL, too long and out of range in a batch fail the whole batch too.
!bind 30, 'ok'
!addBatch
!bind 31, NULL
!addBatch
!executeBatch
!error 23502 106

!bind 32, 'ok'
!addBatch
!bind 33, 'toolong'
!addBatch
!executeBatch
!error 22001 107

!bind 34, 'ok'
!addBatch
!bind 3000000000, 'big'
!addBatch
!executeBatch
!error 22003 108

SELECT COUNT(*) AS N FROM B WHERE ID >= 10;
N
0
!ok

SELECT COUNT(*) AS N FROM B;
N
4
!ok

# Without a column list, parameters take the types of the table's columns in order.
!prepare INSERT INTO B VALUES (?, ?);
!bind 5, 'e'
!execute
!update 1

!bind 6, 'f'
!addBatch
!bind 7, 'g'
!addBatch
!executeBatch
!update 1 1

!bind 'abc', 'x'
!execute
!error 22018 105

!prepare INSERT INTO B (ID, NAME) VALUES (?, ?);

# --- values that cannot convert: 22018 --------------------------------------------------------

!bind 'abc', 'x'
!execute
!error 22018 105

!bind 'abc', 'x'
!addBatch
!executeBatch
!error 22018 105

!prepare INSERT INTO P (ID, NAME, ON_DAY) VALUES (?, ?, ?);
!bind 40, 'x', 'not a date'
!execute
!error 22018 105

!prepare INSERT INTO P (ID, NAME, FLAG) VALUES (?, ?, ?);
!bind 41, 'x', 'maybe'
!execute
!error 22018 105

!prepare SELECT NAME FROM P WHERE ID = ?;
!bind 'one'
!execute
!error 22018 105

SELECT COUNT(*) AS N FROM P;
N
3
!ok

# --- parameters in INSERT ... SELECT and in a plain statement's reuse ---------------------------

!prepare INSERT INTO B (ID, NAME) SELECT ID + ?, NAME FROM P WHERE ID <= ?;
!bind 100, 2
!execute
!update 2

SELECT ID, NAME FROM B WHERE ID > 100 OR ID BETWEEN 5 AND 7 ORDER BY ID;
ID | NAME
5 | e
6 | f
7 | g
101 | one
102 | two
!ok
